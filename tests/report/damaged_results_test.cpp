// A report over a results.csv with damaged rows: the rows are left out (a
// duplicate is not counted twice, a negative latency is not printed), each
// is named in a warning, and the trust section counts them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/report.h"
#include "report/tools.h"

namespace gilbench::report {
namespace {

namespace fs = std::filesystem;

const std::string kFixtureDir = std::string(GILBENCH_FIXTURES) + "/report";

using test::slurp;

TEST(DamagedResults, RowsLeftOutAreWarnedAndCountedInTheTrustSection) {
  const fs::path dir = fs::temp_directory_path() / ("gilbench-damaged-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::istringstream lines(slurp(fs::path(kFixtureDir) / "results.csv"));
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  // The first row twice, then a copy of it with another cell id and a
  // negative p50 (the 31st column is lat_p50_us in the fixture's header).
  std::string negative = first;
  negative.replace(negative.find("gilbench-threads"), 16, "gilbench-THREADS");
  std::size_t pos = 0;
  for (int i = 0; i < 30; ++i) pos = negative.find(',', pos) + 1;
  const std::string p50 = negative.substr(pos, negative.find(',', pos) - pos);
  negative.replace(pos, p50.size(), "-" + p50);
  std::ofstream(dir / "results.csv") << header << "\n" << first << "\n" << first << "\n" << negative << "\n";

  const auto r = write_report({dir.string(), (dir / "report").string(), false});
  const std::string csv = (dir / "results.csv").string();
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0], csv + " line 3, column cell_id,rep: repeats cell gilbench-threads-native-cpu-150000-1 "
                                 "rep 0 of line 2 (counted once); row left out");
  EXPECT_EQ(r.warnings[1], csv + " line 4, column lat_p50_us: '-" + p50 + "' is negative; row left out");
  const std::string md = slurp(r.md_path);
  EXPECT_NE(md.find("**2 row(s) of results.csv were left out**"), std::string::npos);
  EXPECT_NE(md.find("1 cells measured"), std::string::npos) << md.substr(0, 2000);
  EXPECT_EQ(md.find("ok 2/2"), std::string::npos);
  EXPECT_EQ(md.find("-" + p50), std::string::npos);
  fs::remove_all(dir);
}

TEST(DamagedResults, NotAResultsCsvIsRefused) {
  const fs::path dir = fs::temp_directory_path() / ("gilbench-notcsv-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "results.csv") << std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  EXPECT_THROW(write_report({dir.string(), (dir / "report").string(), false}), std::runtime_error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gilbench::report
