// Figures from a results directory whose path holds characters a shell or
// gnuplot would interpret, and a failed figure counted, not just warned.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "report/report.h"

namespace gilbench::report {
namespace {

namespace fs = std::filesystem;

const std::string kFixtureDir = std::string(GILBENCH_FIXTURES) + "/report";

int count_ext(const fs::path& dir, const std::string& ext) {
  int n = 0;
  for (auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ext;
  return n;
}

TEST(FigurePaths, QuotesAndSpacesInTheResultsPathDrawEveryFigure) {
  const fs::path base = fs::temp_directory_path() / ("gilbench it's \"$HOME\"-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base);
  fs::copy(kFixtureDir, base / "run's", fs::copy_options::recursive);
  const auto r = write_report({(base / "run's").string(), (base / "run's" / "report").string(), true});
  for (auto& w : r.warnings) ADD_FAILURE() << w;
  EXPECT_EQ(r.figures_failed, 0);
  const fs::path plots = base / "run's" / "report" / "plots";
  EXPECT_GE(count_ext(plots, ".svg"), 8);
  EXPECT_EQ(count_ext(plots, ".svg"), count_ext(plots, ".png"));
  fs::remove_all(base);
}

// A gnuplot that fails on every script: each figure is counted as failed
// and named in a warning; the report itself is still written.
TEST(FigurePaths, AFailedFigureIsCounted) {
  const fs::path base = fs::temp_directory_path() / ("gilbench-failing-gnuplot-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "bin");
  {
    std::ofstream fake(base / "bin" / "gnuplot");
    fake << "#!/bin/sh\necho 'simulated failure' >&2\nexit 1\n";
  }
  fs::permissions(base / "bin" / "gnuplot", fs::perms::owner_all);
  const std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  ::setenv("PATH", ((base / "bin").string() + ":" + old_path).c_str(), 1);
  ReportResult r;
  try {
    r = write_report({kFixtureDir, (base / "report").string(), true});
  } catch (...) {
    ::setenv("PATH", old_path.c_str(), 1);
    throw;
  }
  ::setenv("PATH", old_path.c_str(), 1);
  EXPECT_GE(r.figures_failed, 8);
  EXPECT_GE(static_cast<int>(r.warnings.size()), 2 * r.figures_failed);  // svg and png of each
  EXPECT_NE(r.warnings.front().find("gnuplot failed for"), std::string::npos) << r.warnings.front();
  EXPECT_TRUE(fs::exists(r.md_path));
  fs::remove_all(base);
}

}  // namespace
}  // namespace gilbench::report
