// results/ is the lowest layer of the results path: the sweep writes through
// it and the report reads through it, so nothing it includes, directly or
// through another folder (it takes the workload axis's parameter columns
// from workloads/), reaches sweep/, report/ or pool/. And pool/ writes
// pool.csv through it without reaching up into sweep/, which runs the pool
// (issue 11: no include cycle between pool/ and sweep/). The report reads
// a results directory without sweep/ at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kSrc = fs::path(GILBENCH_FIXTURES) / ".." / ".." / "src";

// The project includes ("dir/file.h") of one file.
std::vector<std::string> includes_of(const fs::path& file) {
  static const std::regex inc(R"(^\s*#\s*include\s+"([^"]+)\")");
  std::vector<std::string> out;
  std::ifstream in(file);
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_search(line, m, inc)) out.push_back(m[1].str());
  return out;
}

// Every project header reachable from the files of src/<dir>, with the file
// that includes it: "report/data.h (from results/x.h)".
std::vector<std::string> reachable_from(const std::string& dir) {
  std::vector<std::string> todo, out;
  EXPECT_TRUE(fs::is_directory(kSrc / dir)) << kSrc / dir;
  for (auto& f : fs::recursive_directory_iterator(kSrc / dir))
    if (f.is_regular_file()) todo.push_back(fs::relative(f.path(), kSrc).string());
  std::set<std::string> seen(todo.begin(), todo.end());
  while (!todo.empty()) {
    const std::string from = todo.back();
    todo.pop_back();
    for (auto& i : includes_of(kSrc / from)) {
      out.push_back(i + " (from " + from + ")");
      if (fs::exists(kSrc / i) && seen.insert(i).second) todo.push_back(i);
    }
  }
  return out;
}

bool under(const std::string& inc, const std::string& dir) { return inc.rfind(dir + "/", 0) == 0; }

TEST(Layering, ResultsReachesNeitherSweepNorReportNorPool) {
  auto incs = reachable_from("results");
  EXPECT_GE(incs.size(), 4u) << "the scan found the folder's own includes";
  for (auto& i : incs)
    for (const char* up : {"sweep", "report", "pool", "cli"}) EXPECT_FALSE(under(i, up)) << i;
}

TEST(Layering, PoolDoesNotReachSweepOrReport) {
  auto incs = reachable_from("pool");
  EXPECT_FALSE(incs.empty());
  for (auto& i : incs)
    for (const char* up : {"sweep", "report", "cli"}) EXPECT_FALSE(under(i, up)) << i;
}

// The report reads a results directory through results/ (its files,
// results/layout.h; its rows, row.h): it never needs the sweep that wrote it.
TEST(Layering, ReportDoesNotReachSweep) {
  auto incs = reachable_from("report");
  EXPECT_FALSE(incs.empty());
  for (auto& i : incs) EXPECT_FALSE(under(i, "sweep")) << i;
}

}  // namespace
