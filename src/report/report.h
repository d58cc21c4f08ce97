// `gilbench report`: a results directory -> plots, report.md, report.html
// (self-contained) opening with the answer, and with --paper paper.pdf and
// slides.pdf (LaTeX sources beside them).
#pragma once

#include <string>
#include <vector>

#include "report/data.h"
#include "report/verdict.h"

namespace gilbench::report {

struct ReportOptions {
  std::string results_dir;
  std::string out_dir;  // usually <results_dir>/report
  bool plots = true;    // false: no gnuplot (tables and verdicts only)
  bool paper = false;   // also paper.pdf and slides.pdf (needs pdflatex; implies plots)
  // Further runs of the same experiment: the verdicts then come from the
  // between-run intervals (combine.h); tables and figures show results_dir.
  std::vector<std::string> more_dirs;
  bool talk = false;    // also talk.mp4, talk.srt, talk.md (needs espeak-ng, ffmpeg; implies paper)
};

struct ReportResult {
  std::string html_path, md_path, verdicts_json_path;
  std::string paper_path, slides_path;  // empty unless options.paper
  std::string talk_path;                // talk.mp4, empty unless options.talk
  double talk_seconds = 0;
  std::vector<Verdict> verdicts;
  std::vector<std::string> warnings;  // plots that could not be drawn, ...
  // Figures gnuplot did not draw (each also has a warning naming its log).
  // The report is still written, without them; `gilbench report` then
  // exits with kExitFiguresFailed.
  int figures_failed = 0;
};

// Throws std::runtime_error if a directory holds no results.csv, if the runs
// are of different experiments or rule versions (one line), or, with
// paper, if pdflatex is missing (one line naming what to install) or a
// LaTeX run fails (naming its log); with talk, likewise for espeak-ng,
// ffmpeg and pdftoppm, checked before any work.
ReportResult write_report(const ReportOptions& options);

// The exit status of `gilbench report` when some figure failed (docs/report.md).
inline constexpr int kExitFiguresFailed = 3;

}  // namespace gilbench::report
