// Report generation from tests/fixtures/report/results.csv (one repetition
// per cell; the verdict rules are tested in verdict_test.cpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/report.h"
#include "sweep/csv.h"

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
  EXPECT_NE(md.find("| threads/native w4 | 16 | 1/1 | 390 |"), std::string::npos);
  EXPECT_NE(md.find("| 60.0 |"), std::string::npos);
  EXPECT_NE(md.find("9050 (9000–9100)"), std::string::npos);
  EXPECT_NE(md.find("Failed cells"), std::string::npos);
  EXPECT_NE(md.find("cannot open store"), std::string::npos);
  EXPECT_NE(md.find("gilbench vs the Python peers"), std::string::npos);
  EXPECT_NE(md.find("| async/python w1 | peer:aiohttp w1 | 16 | 1400 | 900 | 1.56 |"), std::string::npos);
  EXPECT_EQ(md.find("not measured"), std::string::npos);

  auto html = slurp(r.html_path);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  // Self-contained: nothing is loaded from elsewhere (xmlns URIs are names, not fetched).
  for (auto ref : {"src=\"http", "href=\"http", "url(http", "@import", "<link", "<script"})
    EXPECT_EQ(html.find(ref), std::string::npos) << ref;
  EXPECT_GE(static_cast<int>(std::count(html.begin(), html.end(), '\n')), 10);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  ASSERT_EQ(r.verdicts.size(), 3u);
  // One repetition per cell: too few to decide anything.
  for (auto& v : r.verdicts) EXPECT_EQ(v.outcome, Outcome::inconclusive) << v.id << ": " << v.answer;
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

}  // namespace
}  // namespace gilbench::report
