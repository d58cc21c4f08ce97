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
};

struct ReportResult {
  std::string html_path, md_path;
  std::string paper_path, slides_path;  // empty unless options.paper
  std::vector<Verdict> verdicts;
  std::vector<std::string> warnings;  // plots that could not be drawn, ...
  // Figures gnuplot did not draw (each also has a warning naming its log).
  // The report is still written, without them; `gilbench report` then
  // exits with kExitFiguresFailed.
  int figures_failed = 0;
};

// Throws std::runtime_error if the directory holds no results.csv, or, with
// paper, if pdflatex is missing (one line naming what to install) or a
// LaTeX run fails (naming its log).
ReportResult write_report(const ReportOptions& options);

// The exit status of `gilbench report` when some figure failed (docs/report.md).
inline constexpr int kExitFiguresFailed = 3;

}  // namespace gilbench::report
