// Runs `gilbench ARGS` and captures what it prints, for the CLI's e2e tests.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "harness.h"

namespace gilbench::testing {

struct CliRun {
  int status = -1;
  std::string out;  // stdout, and stderr too unless split
};

// `stderr_to`: where stderr goes ("&1" joins it to the output, a path keeps
// it apart so stdout stays one document).
inline CliRun run_cli(const std::string& args, const std::string& stderr_to = "&1") {
  CliRun r;
  const std::string cmd = gilbench_bin() + " " + args + " 2>" + stderr_to;
  std::FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline CliRun run_load_cli(const std::string& args, const std::string& stderr_to = "&1") {
  return run_cli("load " + args, stderr_to);
}

}  // namespace gilbench::testing
