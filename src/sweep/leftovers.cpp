// Finding what a killed sweep left running (Target's pgid file): by process
// group, confirmed by the token in each process's environment.
#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "sweep/target.h"

namespace gilbench::sweep {

namespace {

// The process group of `pid` from /proc/<pid>/stat (after the command's
// closing parenthesis: state, ppid, pgrp), or -1. Zombies count as gone.
pid_t pgrp_of(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(f)), {});
  const auto rp = stat.rfind(')');
  if (rp == std::string::npos || rp + 2 >= stat.size() || stat[rp + 2] == 'Z') return -1;
  char state = 0;
  long ppid = 0, pgrp = -1;
  if (std::sscanf(stat.c_str() + rp + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3) return -1;
  return static_cast<pid_t>(pgrp);
}

bool carries(pid_t pid, const std::string& entry) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  const std::string env((std::istreambuf_iterator<char>(f)), {});
  return env.find(std::string(1, '\0') + entry + '\0') != std::string::npos || env.rfind(entry + '\0', 0) == 0;
}

// Live processes of group `pgid` whose environment holds `entry`.
std::vector<pid_t> members(pid_t pgid, const std::string& entry) {
  std::vector<pid_t> out;
  DIR* d = ::opendir("/proc");
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    if (pgrp_of(static_cast<pid_t>(pid)) == pgid && carries(static_cast<pid_t>(pid), entry))
      out.push_back(static_cast<pid_t>(pid));
  }
  ::closedir(d);
  return out;
}

}  // namespace

int stop_leftovers(const std::string& pgid_file) {
  std::ifstream in(pgid_file);
  long pgid = 0;
  std::string token;
  if (!(in >> pgid >> token) || pgid <= 1) {
    ::unlink(pgid_file.c_str());
    return 0;
  }
  const std::string entry = "GILBENCH_TARGET_TOKEN=" + token;
  const auto found = members(static_cast<pid_t>(pgid), entry);
  for (pid_t p : found) ::kill(p, SIGKILL);
  // Gone means their ports are free for the cell that is about to start.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!members(static_cast<pid_t>(pgid), entry).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ::unlink(pgid_file.c_str());
  return static_cast<int>(found.size());
}

}  // namespace gilbench::sweep
