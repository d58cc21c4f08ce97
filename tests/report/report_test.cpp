// Report generation from tests/fixtures/report/results.csv (one repetition
// per cell; the verdict rules are tested in verdict_test.cpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "report/palette.h"
#include "report/report.h"
#include "results/csv.h"

namespace gilbench::report {
namespace {

namespace fs = std::filesystem;

const std::string kFixtureDir = std::string(GILBENCH_FIXTURES) + "/report";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Report, WritesPlotsTablesAndVerdicts) {
  auto out = fs::temp_directory_path() / ("gilbench-report-" + std::to_string(::getpid()));
  fs::remove_all(out);
  auto r = write_report({kFixtureDir, out.string(), true});
  for (auto& w : r.warnings) ADD_FAILURE() << w;
  ASSERT_TRUE(fs::exists(r.html_path));
  ASSERT_TRUE(fs::exists(r.md_path));
  int svgs = 0, pngs = 0;
  for (auto& e : fs::directory_iterator(out / "plots")) {
    auto ext = e.path().extension();
    if (ext == ".svg") {
      ++svgs;
      auto s = slurp(e.path());
      EXPECT_NE(s.find("<svg"), std::string::npos) << e.path();
      EXPECT_NE(s.rfind("</svg>"), std::string::npos) << e.path();
    } else if (ext == ".png") {
      ++pngs;
      EXPECT_EQ(slurp(e.path()).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << e.path();
    }
  }
  EXPECT_GE(svgs, 8);
  EXPECT_EQ(svgs, pngs);
  for (auto name : {"throughput-cpu-iters-150000", "latency-io-wait-10ms", "memory", "cpu-io-wait-10ms",
                    "queue-service-cpu-iters-150000"})
    EXPECT_TRUE(fs::exists(out / "plots" / (std::string(name) + ".svg"))) << name;

  auto md = slurp(r.md_path);
  // Numbers of the fixture: io threads at c=16 serve 390 req/s with p99 60 ms;
  // the noop cell's two reps give a median of 9050.5 and a spread.
  EXPECT_NE(md.find("| threads/native w4 | 16 | ok 1/1 | 390 |"), std::string::npos);
  EXPECT_NE(md.find("| 60.0 |"), std::string::npos);
  EXPECT_NE(md.find("9050 (9000–9100)"), std::string::npos);
  EXPECT_NE(md.find("Cells that were not clean"), std::string::npos);
  EXPECT_NE(md.find("cannot open store"), std::string::npos);
  EXPECT_NE(md.find("gilbench vs the Python peers"), std::string::npos);
  // Without an imitates column a peer is compared to the gilbench series of its model and engine.
  EXPECT_NE(md.find("| peer:aiohttp w1 | async/python w1 | 16 | 900 | 1400 | 0.643 |"), std::string::npos);
  // The answer first, then the rules, then the details.
  auto answer = md.find("## The answer"), rules = md.find("## Verdicts"), detail = md.find("## Workload");
  EXPECT_LT(answer, rules);
  EXPECT_LT(rules, detail);
  EXPECT_NE(detail, std::string::npos);
  for (int h = 1; h <= 3; ++h) EXPECT_LT(md.find("**H" + std::to_string(h) + " — "), rules) << "H" << h;

  auto html = slurp(r.html_path);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  // Self-contained: nothing is loaded from elsewhere (xmlns URIs are names, not fetched).
  for (auto ref : {"src=\"http", "href=\"http", "url(http", "@import", "<link", "<script"})
    EXPECT_EQ(html.find(ref), std::string::npos) << ref;
  EXPECT_GE(static_cast<int>(std::count(html.begin(), html.end(), '\n')), 10);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  ASSERT_EQ(r.verdicts.size(), 3u);
  // One repetition per cell: too few to decide anything (H2 and H3 need
  // cells this old fixture lacks: c >= 256, two worker counts a model).
  for (auto& v : r.verdicts)
    EXPECT_TRUE(v.outcome == Outcome::inconclusive || v.outcome == Outcome::not_measured) << v.id << ": " << v.answer;
  EXPECT_EQ(r.verdicts[0].outcome, Outcome::inconclusive);
  EXPECT_TRUE(fs::exists(r.verdicts_json_path));
  EXPECT_NE(slurp(r.md_path).find("Runs behind the verdicts"), std::string::npos);
  fs::remove_all(out);
}

TEST(Report, NoPlotsModeAndMissingDir) {
  auto out = fs::temp_directory_path() / ("gilbench-report-np-" + std::to_string(::getpid()));
  auto r = write_report({kFixtureDir, out.string(), false});
  EXPECT_TRUE(fs::exists(r.md_path));
  EXPECT_FALSE(fs::exists(out / "plots"));
  fs::remove_all(out);
  EXPECT_THROW(write_report({"/nonexistent-dir", out.string(), false}), std::runtime_error);
}

// One palette: in every gnuplot script of the report, a line titled with a
// model's series has that model's colour, and no colour outside the palette
// and the neutral greys is used.
TEST(Report, EveryFigureUsesTheOnePalette) {
  auto out = fs::temp_directory_path() / ("gilbench-report-palette-" + std::to_string(::getpid()));
  fs::remove_all(out);
  auto r = write_report({std::string(GILBENCH_FIXTURES) + "/paper", out.string(), true});
  for (auto& w : r.warnings) ADD_FAILURE() << w;
  std::set<std::string> allowed = {"#555555", "#999999", "#000000", "#dddddd", "#444444"};
  for (auto& c : palette()) allowed.insert(c.colour);
  const std::regex colour("lc rgb '(#[0-9A-Fa-f]{6})'"), titled("lc rgb '(#[0-9A-Fa-f]{6})'[^,\\\n]*? title '([a-z]+)/");
  int scripts = 0, titled_lines = 0;
  for (auto& e : fs::directory_iterator(out / "plots")) {
    if (e.path().extension() != ".gp") continue;
    ++scripts;
    auto gp = slurp(e.path());
    for (std::sregex_iterator it(gp.begin(), gp.end(), colour), end; it != end; ++it)
      EXPECT_TRUE(allowed.count((*it)[1])) << e.path() << ": " << (*it)[1];
    for (std::sregex_iterator it(gp.begin(), gp.end(), titled), end; it != end; ++it, ++titled_lines)
      EXPECT_EQ((*it)[1].str(), model_colour((*it)[2])) << e.path() << ": " << (*it)[0];
    // Latency is in ms everywhere.
    EXPECT_EQ(gp.find("latency (us)"), std::string::npos) << e.path();
  }
  EXPECT_GE(scripts, 30);
  EXPECT_GE(titled_lines, 100);
  // The GIL figure compares the three series against the ideal line.
  auto gil = slurp(out / "plots" / "gil.svg.gp");
  for (auto s : {"title 'ideal'", "title 'threads/python'", "title 'threads/native'", "title 'procs/python'", "2 cores"})
    EXPECT_NE(gil.find(s), std::string::npos) << s;
  fs::remove_all(out);
}

// Repetitions that were not clean are named in the tables and marked in HTML.
TEST(Report, UncleanRepetitionsAreShownMarked) {
  auto out = fs::temp_directory_path() / ("gilbench-report-marks-" + std::to_string(::getpid()));
  fs::remove_all(out);
  auto r = write_report({std::string(GILBENCH_FIXTURES) + "/paper", out.string(), false});
  auto md = slurp(r.md_path);
  EXPECT_NE(md.find("| procs/python w4 | 16 | ok 2/3, degraded 1 |"), std::string::npos);
  EXPECT_NE(md.find("| async/native w1 | 16 | ok 2/3, generator-bound 1 |"), std::string::npos);
  EXPECT_NE(md.find("| threads/native w4 | 16 | ok 2/3, failed 1 |"), std::string::npos);
  EXPECT_NE(md.find("| threads/native w2 | 16 | ok 3/3 |"), std::string::npos);
  // Errors by class, every class the CSV has, nonzero ones named.
  EXPECT_NE(md.find("| threads/python w4 | 16 | ok 3/3 |"), std::string::npos);
  EXPECT_NE(md.find(" | connect 1, timeout 2, censored 1 |"), std::string::npos);
  EXPECT_NE(md.find("| threads/native w4, io wait=10ms, c=16, rep 2 | failed | target exited with status 1: boom |"), std::string::npos)
      << "the unclean cells table";
  EXPECT_NE(md.find("| async/native w1, io wait=10ms, c=16, rep 2 | ok, generator-bound |"), std::string::npos);
  auto html = slurp(r.html_path);
  for (auto label : {"ok 2/3, degraded 1", "ok 2/3, generator-bound 1", "ok 2/3, failed 1"})
    EXPECT_NE(html.find(std::string("<td class=\"flag\">") + label + "</td>"), std::string::npos) << label;
  EXPECT_EQ(html.find("<td class=\"flag\">ok 3/3</td>"), std::string::npos);
  fs::remove_all(out);
}

// A run whose every cell failed still gets a report: no figure is drawn from
// nothing (gnuplot would fail on an empty plot), the failures are listed.
TEST(Report, EveryCellFailedGivesAReportWithoutEmptyFigures) {
  auto dir = fs::temp_directory_path() / ("gilbench-report-allfailed-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto rows = results::read_csv(std::string(GILBENCH_FIXTURES) + "/paper/results.csv");
  std::erase_if(rows, [](auto& r) { return r["status"] != "failed"; });
  ASSERT_EQ(rows.size(), 1u);
  {
    std::ofstream out(dir / "results.csv");
    std::vector<std::string> cols;
    for (auto& [k, v] : rows[0]) cols.push_back(k);
    for (std::size_t i = 0; i < cols.size(); ++i) out << (i ? "," : "") << cols[i];
    out << "\n" << results::csv_line(cols, rows[0]);
  }
  auto r = write_report({dir.string(), (dir / "report").string(), true});
  for (auto& w : r.warnings) ADD_FAILURE() << w;
  EXPECT_FALSE(fs::exists(dir / "report" / "plots" / "headline.svg"));
  EXPECT_FALSE(fs::exists(dir / "report" / "plots" / "memory.svg"));
  auto md = slurp(r.md_path);
  EXPECT_NE(md.find("| threads/native w4, io wait=10ms, c=16, rep 2 | failed | target exited with status 1: boom |"),
            std::string::npos);
  for (auto& v : r.verdicts) EXPECT_EQ(v.outcome, Outcome::not_measured) << v.id;
  fs::remove_all(dir);
}

// Noise from outside is reported when the noise monitor's columns exist and
// said to be not measured when they do not, never left out silently.
TEST(Report, NoiseIsShownOrSaidToBeNotMeasured) {
  auto out = fs::temp_directory_path() / ("gilbench-report-noise-" + std::to_string(::getpid()));
  const std::string not_measured = "Noise from outside the experiment (steal time, CPU of other processes, load average) "
                                   "was **not measured** in this run";
  auto with = slurp(write_report({std::string(GILBENCH_FIXTURES) + "/paper", (out / "a").string(), false}).md_path);
  EXPECT_EQ(with.find(not_measured), std::string::npos);
  EXPECT_NE(with.find("| noise_steal_pct | "), std::string::npos);
  auto without = slurp(write_report({kFixtureDir, (out / "b").string(), false}).md_path);
  EXPECT_NE(without.find(not_measured), std::string::npos);
  EXPECT_EQ(without.find("| noise_steal_pct | "), std::string::npos);
  fs::remove_all(out);
}

}  // namespace
}  // namespace gilbench::report
