// Every 500 the server answers is made by api/error.h: internal_error (an
// exception while a request is handled) and worker_died (offload's pool
// process died with the request). The scan below fails when another file
// of src/ writes a 500 of its own, as four places once did.
#include "api/error.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace gilbench::api {
namespace {

namespace fs = std::filesystem;

TEST(ServerErrors, TheTwoFiveHundredsAndTheirCodes) {
  const ApiError in = internal_error("boom");
  EXPECT_EQ(in.status, 500);
  EXPECT_EQ(in.code, "internal");
  EXPECT_EQ(in.detail, "boom");
  const ApiError died = worker_died("pool process 7 died");
  EXPECT_EQ(died.status, 500);
  EXPECT_EQ(died.code, "worker_died");
  EXPECT_EQ(died.detail, "pool process 7 died");
  EXPECT_EQ(error_json(in), R"({"error":"internal","detail":"boom"})");
}

// "{500, ...}", "status = 500", "(500, ...": a status of 500 written in code.
TEST(ServerErrors, NoOtherFileOfSrcMakesA500) {
  static const std::regex made(R"((\{\s*500\s*,)|(status\s*=\s*500\b)|(\(\s*500\s*,))");
  const fs::path src = fs::path(GILBENCH_FIXTURES) / ".." / ".." / "src";
  std::vector<std::string> found;  // file:line outside api/error.h
  int files = 0, in_error_h = 0;
  for (auto& f : fs::recursive_directory_iterator(src)) {
    const auto ext = f.path().extension();
    if (!f.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
    ++files;
    std::ifstream in(f.path());
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      const auto code = line.substr(0, line.find("//"));
      if (!std::regex_search(code, made)) continue;
      const auto file = fs::relative(f.path(), src).string();
      if (file == "api/error.h")
        ++in_error_h;
      else
        found.push_back(file + ":" + std::to_string(n));
    }
  }
  EXPECT_GT(files, 100) << "the scan found src/";
  EXPECT_EQ(in_error_h, 2) << "internal_error and worker_died";
  EXPECT_TRUE(found.empty()) << ::testing::PrintToString(found);
}

}  // namespace
}  // namespace gilbench::api
