#include <iostream>

#include "cli/commands.h"
#include "report/report.h"

namespace gilbench::cli {

void add_report(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "report",
      "Turn a results directory into plots (gnuplot SVG + PNG), report.html (self-contained), "
      "report.md (tables) and a verdict per hypothesis; prints the path of report.html");
  struct Opts {
    std::string dir;
    std::string out;
    bool no_plots = false;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("results_dir", o->dir, "A directory written by `gilbench sweep` (holds results.csv)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out", o->out, "Where to write the report (default: <results_dir>/report)");
  cmd->add_flag("--no-plots", o->no_plots, "Tables and verdicts only (no gnuplot needed)");
  cmd->callback([o] {
    report::ReportOptions ro;
    ro.results_dir = o->dir;
    ro.out_dir = o->out.empty() ? o->dir + "/report" : o->out;
    ro.plots = !o->no_plots;
    auto r = report::write_report(ro);
    for (auto& w : r.warnings) std::cerr << "gilbench report: warning: " << w << "\n";
    std::cout << r.html_path << std::endl;
  });
}

}  // namespace gilbench::cli
