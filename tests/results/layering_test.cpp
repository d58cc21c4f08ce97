// results/ is the lowest layer of the results path: the sweep writes through
// it and the report reads through it, so it includes neither (nor anything
// but itself); and pool/ writes pool.csv through it without reaching up
// into sweep/, which includes pool/ (issue 11: no include cycle).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Every project include ("dir/file.h") of the files in src/<dir>, as "file: include".
std::vector<std::string> project_includes(const std::string& dir) {
  static const std::regex inc(R"(^\s*#\s*include\s+"([^"]+)\")");
  std::vector<std::string> out;
  const fs::path root = fs::path(GILBENCH_FIXTURES) / ".." / ".." / "src" / dir;
  EXPECT_TRUE(fs::is_directory(root)) << root;
  for (auto& f : fs::directory_iterator(root)) {
    std::ifstream in(f.path());
    std::smatch m;
    for (std::string line; std::getline(in, line);)
      if (std::regex_search(line, m, inc)) out.push_back(f.path().filename().string() + ": " + m[1].str());
  }
  return out;
}

TEST(Layering, ResultsIncludesOnlyItself) {
  auto incs = project_includes("results");
  EXPECT_GE(incs.size(), 3u) << "the scan found the folder's own includes";
  for (auto& i : incs) EXPECT_NE(i.find(": results/"), std::string::npos) << i;
}

TEST(Layering, PoolDoesNotIncludeSweepOrReport) {
  auto incs = project_includes("pool");
  EXPECT_FALSE(incs.empty());
  for (auto& i : incs) {
    EXPECT_EQ(i.find(": sweep/"), std::string::npos) << i;
    EXPECT_EQ(i.find(": report/"), std::string::npos) << i;
  }
}

}  // namespace
