#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "report/report.h"

namespace gilbench::cli {

void add_report(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "report",
      "Turn a results directory into plots (gnuplot SVG + PNG), report.html (self-contained), report.md and "
      "verdicts.json, opening with the answer to each hypothesis; with --paper also paper.pdf and slides.pdf, with "
      "--talk also talk.mp4. Several directories (runs of the same experiment) give verdicts from the between-run "
      "intervals. Prints the path of report.html, then of paper.pdf and slides.pdf, then of talk.mp4");
  struct Opts {
    std::vector<std::string> dirs;
    std::string out;
    bool no_plots = false;
    bool paper = false;
    bool talk = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("results_dir", o->dirs,
                  "Directories written by `gilbench sweep` (each holds results.csv); several: runs of one experiment")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out", o->out,
                  "Where to write the report (default: <results_dir>/report, or <first dir>/report-<k>-runs)");
  auto* np = cmd->add_flag("--no-plots", o->no_plots, "Tables and verdicts only (no gnuplot needed)");
  cmd->add_flag("--paper", o->paper,
                "Also write paper.pdf (LaTeX article) and slides.pdf (Beamer) with vector figures, their .tex "
                "sources beside them; needs pdflatex (`bash scripts/setup.sh --paper`)")
      ->excludes(np);
  cmd->add_flag("--talk", o->talk,
                "Also (with the paper and slides) write talk.mp4: each slide with its narration spoken by espeak-ng, "
                "subtitles and a chapter per slide, plus talk.srt and talk.md (the script); needs espeak-ng, ffmpeg "
                "and pdftoppm (`bash scripts/setup.sh --talk`)")
      ->excludes(np);
  cmd->callback([o] {
    report::ReportOptions ro;
    ro.results_dir = o->dirs.front();
    ro.more_dirs.assign(o->dirs.begin() + 1, o->dirs.end());
    const std::string def = o->dirs.size() > 1 ? fmt::format("/report-{}-runs", o->dirs.size()) : "/report";
    ro.out_dir = o->out.empty() ? o->dirs.front() + def : o->out;
    ro.plots = !o->no_plots;
    ro.paper = o->paper || o->talk;
    ro.talk = o->talk;
    auto r = report::write_report(ro);
    for (auto& w : r.warnings) std::cerr << "gilbench report: warning: " << w << "\n";
    std::cout << r.html_path << "\n";
    if (ro.paper) std::cout << r.paper_path << "\n" << r.slides_path << "\n";
    if (o->talk) std::cout << r.talk_path << "\n";
    std::cout << std::flush;
    if (r.figures_failed > 0) {
      std::cerr << "gilbench report: " << r.figures_failed << " figure(s) failed; the report lacks them\n";
      throw CLI::RuntimeError(report::kExitFiguresFailed);
    }
  });
}

}  // namespace gilbench::cli
