#include "report/report.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "report/combine.h"
#include "report/latex.h"
#include "report/plots.h"
#include "report/sections.h"
#include "report/survey_source.h"
#include "report/talk.h"

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
  std::vector<Results> runs = {res};
  for (auto& dir : o.more_dirs) runs.push_back(load_results(dir));
  Judgement judged = judge(runs);
  // Checked before any work, so a missing TeX fails in a second, not after the plots.
  const bool paper = o.paper || o.talk;
  if (paper) check_latex_tools();
  if (o.talk) check_talk_tools();
  fs::create_directories(o.out_dir);
  ReportResult rr;
  rr.warnings = res.rows_left_out;
  std::vector<Plot> plots;
  if (o.plots || paper) plots = make_plots(res, o.out_dir, paper, rr.warnings);
  for (const auto& p : plots) rr.figures_failed += !p.ok;
  rr.verdicts = judged.verdicts;
  std::string name = run_name(o.results_dir);
  for (auto& dir : o.more_dirs) name += " + " + run_name(dir);
  Document d;
  d.push_back(heading("gilbench report: " + name, 1));
  d.push_back(para("Which concurrency model (threads, async, procs, offload) serves CPU- and I/O-bound requests best, "
                   "and what Python's GIL does to each: the answer first, then the rules and the numbers behind it, "
                   "then every measurement."));
  runs_blocks(d, judged);
  answer_blocks(d, rr.verdicts, plots);
  verdict_blocks(d, rr.verdicts, plots);
  capacity_blocks(d, res, plots);
  workload_blocks(d, res, plots);
  peer_blocks(d, res);
  memory_blocks(d, res, plots);
  energy_blocks(d, res);
  pool_blocks(d, res, plots);
  quality_blocks(d, res);
  context_blocks(d, res);
  rr.md_path = o.out_dir + "/report.md";
  rr.html_path = o.out_dir + "/report.html";
  write(rr.md_path, render_markdown(d, o.out_dir));
  write(rr.html_path, render_html(d, "gilbench report: " + name));
  rr.verdicts_json_path = o.out_dir + "/verdicts.json";
  write(rr.verdicts_json_path, verdicts_json(judged));
  if (paper) {
    PaperInput in{res, rr.verdicts, plots, name, o.out_dir};
    write(o.out_dir + "/survey.bib", std::string(kSurveyBib));
    rr.paper_path = build_pdf(o.out_dir, "paper", paper_tex(in), rr.warnings, true);
    rr.slides_path = build_pdf(o.out_dir, "slides", slides_tex(in), rr.warnings);
    if (o.talk) {
      auto t = build_talk(in, rr.slides_path);
      rr.talk_path = t.mp4;
      rr.talk_seconds = t.seconds;
    }
  }
  return rr;
}

}  // namespace gilbench::report
