// A command target that forks (`sh -c "serve ...; true"`) outlives a sweep
// killed with -9: its server is a grandchild that the parent-death signal
// does not reach. The next sweep of the directory finds it by the pgid file
// and the token in its environment, stops it, and redoes the cell.
#include <gtest/gtest.h>
#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.h"
#include "results/csv.h"

namespace gilbench::testing {
namespace {

namespace fs = std::filesystem;

// Live (not zombie) processes whose process group is `pgid`.
std::vector<pid_t> group(pid_t pgid) {
  std::vector<pid_t> out;
  DIR* d = ::opendir("/proc");
  while (dirent* e = d ? ::readdir(d) : nullptr) {
    const pid_t pid = std::atoi(e->d_name);
    if (pid <= 0) continue;
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    const std::string s((std::istreambuf_iterator<char>(f)), {});
    const auto rp = s.rfind(')');
    char state = 0;
    long ppid = 0, pgrp = 0;
    if (rp != std::string::npos && std::sscanf(s.c_str() + rp + 1, " %c %ld %ld", &state, &ppid, &pgrp) == 3 &&
        state != 'Z' && pgrp == pgid)
      out.push_back(pid);
  }
  if (d) ::closedir(d);
  return out;
}

TEST(SweepLeftovers, AResumedSweepStopsTheServerAKilledOneLeft) {
  const fs::path dir = fs::temp_directory_path() / ("gilbench-leftovers-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "run");
  const std::string bin = gilbench_bin(), toml = (dir / "fork.toml").string(), rdir = (dir / "run").string();
  std::ofstream(toml) << "name = \"fork\"\nduration_s = 1.5\nwarmup_s = 0\nconcurrency = [1]\nstart_timeout_s = 20\n"
                      << "db = \"" << test_db() << "\"\n[[target]]\ntarget = \"command\"\nname = \"forking\"\n"
                      << "command = [\"/bin/sh\", \"-c\", \"" << bin << " serve --port {port} --db " << test_db()
                      << " --model threads --workers 1; true\"]\n[[workload]]\nmode = \"noop\"\n";
  const pid_t sweep = ::fork();
  if (sweep == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    ::execl(bin.c_str(), bin.c_str(), "sweep", toml.c_str(), "--resume", rdir.c_str(), nullptr);
    ::_exit(127);
  }
  // Wait for the target's server (the shell's child) to be up, then kill -9 the sweep.
  pid_t pgid = 0;
  for (int i = 0; i < 400 && pgid == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::ifstream f(rdir + "/target.pgid");
    if (long g = 0; f >> g && group(static_cast<pid_t>(g)).size() >= 2) pgid = static_cast<pid_t>(g);
  }
  ::kill(sweep, SIGKILL);
  int st = 0;
  ::waitpid(sweep, &st, 0);
  ASSERT_GT(pgid, 0) << "no target.pgid naming a running target (sh and its server)";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the shell dies of SIGTERM, its child does not
  ASSERT_FALSE(group(pgid).empty()) << "nothing was left behind: the scenario did not happen";

  const std::string cmd = bin + " sweep " + toml + " --resume " + rdir + " 2>&1";
  std::FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int rst = ::pclose(p);
  EXPECT_EQ(WIFEXITED(rst) ? WEXITSTATUS(rst) : -1, 0) << out;
  EXPECT_NE(out.find("stopped 1 process(es) of a target that an earlier, killed sweep of " + rdir + " left running"),
            std::string::npos)
      << out;
  EXPECT_TRUE(group(pgid).empty()) << "the leftover server still runs";
  EXPECT_FALSE(fs::exists(rdir + "/target.pgid"));  // the resumed sweep stopped its own target too
  const auto rows = results::read_csv(rdir + "/results.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("status"), "ok") << rows[0].at("error");
  for (pid_t q : group(pgid)) ::kill(q, SIGKILL);  // whatever the outcome, leave nothing behind
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gilbench::testing
