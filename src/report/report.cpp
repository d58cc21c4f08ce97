#include "report/report.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "report/latex.h"
#include "report/plots.h"
#include "report/sections.h"

namespace gilbench::report {

namespace fs = std::filesystem;

namespace {
void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string run_name(const std::string& dir) {
  auto p = fs::path(dir).lexically_normal();
  std::string name = p.filename().string();
  return name.empty() ? p.parent_path().filename().string() : name;
}
}  // namespace

ReportResult write_report(const ReportOptions& o) {
  Results res = load_results(o.results_dir);
  // Checked before any work, so a missing TeX fails in a second, not after the plots.
  if (o.paper) check_latex_tools();
  fs::create_directories(o.out_dir);
  ReportResult rr;
  rr.warnings = res.rows_left_out;
  std::vector<Plot> plots;
  if (o.plots || o.paper) plots = make_plots(res, o.out_dir, o.paper, rr.warnings);
  for (const auto& p : plots) rr.figures_failed += !p.ok;
  rr.verdicts = verdicts(res.points);
  const std::string name = run_name(o.results_dir);
  Document d;
  d.push_back(heading("gilbench report: " + name, 1));
  d.push_back(para("Which concurrency model (threads, async, procs, offload) serves CPU- and I/O-bound requests best, "
                   "and what Python's GIL does to each: the answer first, then the rules and the numbers behind it, "
                   "then every measurement."));
  answer_blocks(d, rr.verdicts, plots);
  verdict_blocks(d, rr.verdicts, plots);
  capacity_blocks(d, res, plots);
  workload_blocks(d, res, plots);
  peer_blocks(d, res);
  memory_blocks(d, res, plots);
  pool_blocks(d, res, plots);
  quality_blocks(d, res);
  context_blocks(d, res);
  rr.md_path = o.out_dir + "/report.md";
  rr.html_path = o.out_dir + "/report.html";
  write(rr.md_path, render_markdown(d, o.out_dir));
  write(rr.html_path, render_html(d, "gilbench report: " + name));
  if (o.paper) {
    PaperInput in{res, rr.verdicts, plots, name, o.out_dir};
    rr.paper_path = build_pdf(o.out_dir, "paper", paper_tex(in), rr.warnings);
    rr.slides_path = build_pdf(o.out_dir, "slides", slides_tex(in), rr.warnings);
  }
  return rr;
}

}  // namespace gilbench::report
