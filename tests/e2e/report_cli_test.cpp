// `gilbench report` on bad input, end to end: a file that is not a
// results.csv is refused with one line and exit 1; damaged rows are warned
// about on stderr with exit 0; a failed figure makes the report exit 3.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness.h"
#include "load_cli.h"

namespace gilbench::testing {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(ReportCli, RandomBytesAreRefusedWithOneLineAndExitOne) {
  const auto dir = temp_dir("gilbench-report-random");
  std::ofstream(dir / "results.csv") << "\x93\xa7 not, a\xff results file\n\x01\x02,\x03\n";
  const auto r = run_cli("report " + dir.string() + " --no-plots");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_EQ(r.out, "gilbench: error: " + (dir / "results.csv").string() +
                       " is not a results.csv: its first line names no 'cell_id' column\n");
  std::ofstream(dir / "results.csv", std::ios::trunc).flush();
  EXPECT_EQ(run_cli("report " + dir.string() + " --no-plots").status, 1);
  fs::remove_all(dir);
}

TEST(ReportCli, DamagedRowsAreWarnedAndTheReportIsWritten) {
  const auto dir = temp_dir("gilbench-report-torn");
  fs::copy_file(std::string(GILBENCH_FIXTURES) + "/report/results.csv", dir / "results.csv");
  std::ofstream(dir / "results.csv", std::ios::app) << "fixture,torn-row,0,ok,,gilb";
  const auto r = run_cli("report " + dir.string() + " --no-plots");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("gilbench report: warning: " + (dir / "results.csv").string() +
                       " line 44, column (end of file):"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(fs::exists(dir / "report" / "report.md"));
  fs::remove_all(dir);
}

TEST(ReportCli, AFailedFigureExitsThree) {
  const auto dir = temp_dir("gilbench-report-nognuplot");
  fs::create_directories(dir / "bin");
  std::ofstream(dir / "bin" / "gnuplot") << "#!/bin/sh\nexit 1\n";
  fs::permissions(dir / "bin" / "gnuplot", fs::perms::owner_all);
  const std::string cmd = "PATH=" + (dir / "bin").string() + ":$PATH " + gilbench_bin() + " report " +
                          std::string(GILBENCH_FIXTURES) + "/report --out " + (dir / "out").string() + " 2>&1";
  std::FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int st = ::pclose(p);
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 3) << out;
  EXPECT_NE(out.find("figure(s) failed; the report lacks them"), std::string::npos) << out;
  EXPECT_TRUE(fs::exists(dir / "out" / "report.md"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gilbench::testing
