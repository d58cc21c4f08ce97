#include "common/python_ref.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace gilbench::testing {

std::vector<std::string> python_chains(const std::vector<std::pair<std::string, long>>& cases) {
  std::string script = "import hashlib,sys\nfor seed,n in [";
  for (auto& [s, n] : cases) script += "(bytes.fromhex('" + [&] {
    std::string hex;
    char b[3];
    for (unsigned char ch : s) {
      std::snprintf(b, sizeof b, "%02x", ch);
      hex += b;
    }
    return hex;
  }() + "')," + std::to_string(n) + "),";
  script += "]:\n  h=seed\n  for _ in range(n): h=hashlib.sha256(h).digest()\n  print(h.hex())\n";
  auto path = std::filesystem::temp_directory_path() / ("gilbench-chain-" + std::to_string(::getpid()) + ".py");
  { std::FILE* f = std::fopen(path.c_str(), "w"); std::fputs(script.c_str(), f); std::fclose(f); }
  std::string cmd = "/usr/bin/python3 " + path.string();
  std::FILE* p = ::popen(cmd.c_str(), "r");
  std::vector<std::string> out;
  char line[256];
  while (p && std::fgets(line, sizeof line, p)) {
    std::string s(line);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    out.push_back(s);
  }
  if (p) ::pclose(p);
  std::filesystem::remove(path);
  if (out.size() != cases.size()) throw std::runtime_error("python hashlib chain failed");
  return out;
}

std::string python_chain(const std::string& seed, long iters) {
  return python_chains({{seed, iters}}).front();
}

}  // namespace gilbench::testing
