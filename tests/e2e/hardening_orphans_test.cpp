// Workers die with their supervisor (issue 14, item 7): kill -9 of the procs
// supervisor used to leave its workers serving the port.
#include <gtest/gtest.h>
#include <signal.h>

#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

TEST(Orphans, KillingTheProcsSupervisorFreesThePort) {
  auto s = start_server({"--model", "procs", "--workers", "2"});
  const int port = s->port();
  ASSERT_EQ(get(port, "/healthz").status, 200);
  ASSERT_EQ(::kill(s->pid(), SIGKILL), 0);
  EXPECT_EQ(s->stop(0, 5s), 128 + SIGKILL);
  // The same port must become free: a new server binds it.
  std::unique_ptr<Process> again;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!again && std::chrono::steady_clock::now() < deadline) {
    try {
      again = Process::start({gilbench_bin(), "serve", "--port", std::to_string(port), "--db",
                              test_db(), "--model", "threads"},
                             5s);
    } catch (const std::exception&) {
      std::this_thread::sleep_for(200ms);
    }
  }
  ASSERT_TRUE(again) << "port " << port << " still held by orphaned workers";
  EXPECT_EQ(again->port(), port);
  EXPECT_EQ(again->stop(), 0);
}

// Children of `pid` (all its threads), from /proc.
std::vector<pid_t> children(pid_t pid) {
  std::vector<pid_t> out;
  if (DIR* d = ::opendir(("/proc/" + std::to_string(pid) + "/task").c_str())) {
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;
      std::ifstream f("/proc/" + std::to_string(pid) + "/task/" + e->d_name + "/children");
      for (pid_t c; f >> c;) out.push_back(c);
    }
    ::closedir(d);
  }
  return out;
}

bool is_server(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/cmdline");
  std::string cmd((std::istreambuf_iterator<char>(f)), {});
  return cmd.find(std::string("serve") + '\0') != std::string::npos;
}

// Alive and not a zombie (a reparented child may wait unreaped).
bool alive(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(f)), {});
  auto rp = stat.rfind(')');
  return rp != std::string::npos && rp + 2 < stat.size() && stat[rp + 2] != 'Z';
}

TEST(Orphans, KillingTheSweepStopsItsTarget) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("gilbench-orphan-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "long.toml") << "name = \"long\"\nduration_s = 60\nwarmup_s = 0\nconcurrency = [1]\n"
                                   << "db = \"" << test_db() << "\"\n"
                                   << "[[target]]\nmodel = \"procs\"\nworkers = 2\n"
                                   << "[[workload]]\nmode = \"noop\"\n";
  const std::string bin = gilbench_bin(), toml = (dir / "long.toml").string(),
                    out = (dir / "results").string();
  pid_t sweep = ::fork();
  if (sweep == 0) {
    std::freopen("/dev/null", "w", stdout);
    ::execl(bin.c_str(), bin.c_str(), "sweep", toml.c_str(), "--out", out.c_str(), nullptr);
    ::_exit(127);
  }
  std::vector<pid_t> targets;
  // The sweep runs other children too (git, probes): wait for its server.
  for (int i = 0; i < 300 && targets.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    for (pid_t c : children(sweep))
      if (is_server(c)) targets.push_back(c);
  }
  ASSERT_FALSE(targets.empty()) << "the sweep started no target";
  std::this_thread::sleep_for(1s);  // the target serves, its workers run
  std::vector<pid_t> tree = targets;
  for (pid_t t : targets)
    for (pid_t w : children(t)) tree.push_back(w);
  ASSERT_EQ(tree.size(), 3u) << "a procs target with its 2 workers";
  ::kill(sweep, SIGKILL);
  int st;
  ::waitpid(sweep, &st, 0);
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  auto any_alive = [&] {
    for (pid_t p : tree)
      if (alive(p)) return true;
    return false;
  };
  while (any_alive() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(any_alive()) << "the killed sweep left its target (or its workers) running";
  for (pid_t p : tree) ::kill(p, SIGKILL);  // whatever the outcome, leave nothing behind
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gilbench::testing
