// `gilbench report`: a results directory -> plots, report.md, report.html
// (self-contained) with the tables behind every plot and the verdicts.
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
};

struct ReportResult {
  std::string html_path, md_path;
  std::vector<Verdict> verdicts;
  std::vector<std::string> warnings;  // plots that could not be drawn, ...
};

// Throws std::runtime_error if the directory holds no results.csv.
ReportResult write_report(const ReportOptions& options);

}  // namespace gilbench::report
