#include <iostream>

#include "cli/commands.h"
#include "report/report.h"

namespace gilbench::cli {

void add_report(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "report",
      "Turn a results directory into plots (gnuplot SVG + PNG), report.html (self-contained) and report.md, "
      "opening with the answer to each hypothesis; with --paper also paper.pdf and slides.pdf. Prints the path "
      "of report.html, then of paper.pdf and slides.pdf");
  struct Opts {
    std::string dir;
    std::string out;
    bool no_plots = false;
    bool paper = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("results_dir", o->dir, "A directory written by `gilbench sweep` (holds results.csv)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out", o->out, "Where to write the report (default: <results_dir>/report)");
  auto* np = cmd->add_flag("--no-plots", o->no_plots, "Tables and verdicts only (no gnuplot needed)");
  cmd->add_flag("--paper", o->paper,
                "Also write paper.pdf (LaTeX article) and slides.pdf (Beamer) with vector figures, their .tex "
                "sources beside them; needs pdflatex (`bash scripts/setup.sh --paper`)")
      ->excludes(np);
  cmd->callback([o] {
    report::ReportOptions ro;
    ro.results_dir = o->dir;
    ro.out_dir = o->out.empty() ? o->dir + "/report" : o->out;
    ro.plots = !o->no_plots;
    ro.paper = o->paper;
    auto r = report::write_report(ro);
    for (auto& w : r.warnings) std::cerr << "gilbench report: warning: " << w << "\n";
    std::cout << r.html_path << "\n";
    if (o->paper) std::cout << r.paper_path << "\n" << r.slides_path << "\n";
    std::cout << std::flush;
    if (r.figures_failed > 0) {
      std::cerr << "gilbench report: " << r.figures_failed << " figure(s) failed; the report lacks them\n";
      throw CLI::RuntimeError(report::kExitFiguresFailed);
    }
  });
}

}  // namespace gilbench::cli
