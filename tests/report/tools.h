// Helpers for the report tests that drive external tools (chromium,
// pdflatex, pdfinfo, pdftotext, python3). In CI (CI=true) a missing tool
// fails the test, since CI installs them (scripts/test.sh runs setup.sh
// --paper --test); elsewhere the test skips and says what to install.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gilbench::report::test {

// The results directory both the browser and the paper tests render.
inline const std::string kPaperFixture = std::string(GILBENCH_FIXTURES) + "/paper";

inline bool have_tool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

inline bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

// stdout of a shell command (stderr discarded unless redirected by it).
inline std::string output_of(const std::string& cmd) {
  std::string out;
  if (FILE* f = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
    ::pclose(f);
  }
  return out;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh directory under the system's temp dir, removed by the destructor.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& stem) {
    path = std::filesystem::temp_directory_path() /
           (stem + "-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace gilbench::report::test

#define GILBENCH_REQUIRE_TOOL(name)                                                                         \
  do {                                                                                                      \
    if (!::gilbench::report::test::have_tool(name)) {                                                       \
      if (::gilbench::report::test::in_ci())                                                                \
        FAIL() << (name) << " not found; CI installs it with scripts/setup.sh --paper --test --talk";      \
      else                                                                                                  \
        GTEST_SKIP() << (name) << " not found (bash scripts/setup.sh --paper --test --talk installs it)";   \
    }                                                                                                       \
  } while (0)
