// Servers gilbench did not build, as sweep targets (docs/targets.md): a real
// third-party command (uvicorn on tests/fixtures/targets/tiny_asgi.py) with
// {port}, {workers} and a ready path; a command that exits at start; and url
// targets, with and without Prometheus process metrics.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "harness.h"
#include "results/csv.h"
#include "sweep/target.h"

namespace gilbench::testing {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(GILBENCH_FIXTURES) + "/targets";

struct Sweep {
  int status;
  std::string log;
  std::vector<results::Row> rows;
};

class Targets : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gilbench-targets-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `gilbench sweep` on a file of the common header plus `targets`.
  Sweep sweep(const std::string& targets) {
    auto toml = dir_ / "t.toml";
    std::ofstream(toml) << "name = \"targets\"\nduration_s = 1\nwarmup_s = 0.2\nconcurrency = [2]\n"
                        << "db = \"" << test_db() << "\"\nstart_timeout_s = 20\n"
                        << targets << "[[workload]]\nmode = \"noop\"\n";
    auto log = dir_ / "sweep.log";
    std::string cmd = gilbench_bin() + " sweep " + toml.string() + " --out " + (dir_ / "results").string() +
                      " > " + log.string() + " 2>&1";
    Sweep s;
    s.status = WEXITSTATUS(std::system(cmd.c_str()));
    std::ifstream in(log);
    std::string line, last;
    while (std::getline(in, line)) {
      s.log += line + "\n";
      if (!line.empty()) last = line;
    }
    if (fs::exists(fs::path(last) / "results.csv")) s.rows = results::read_csv(last + "/results.csv");
    return s;
  }

  fs::path dir_;
};

bool alive(pid_t pid) {
  // A zombie (state Z) is dead for this purpose: it holds no memory or CPU.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string s;
  if (!std::getline(stat, s)) return false;
  auto close = s.rfind(')');
  return close != std::string::npos && close + 2 < s.size() && s[close + 2] != 'Z';
}

TEST_F(Targets, UvicornCommandWithWorkersIsSampledAndStopped) {
  auto pids = dir_ / "pids";
  fs::create_directories(pids);
  // /bin/sh sets the environment and execs: the target's PID stays uvicorn's.
  auto s = sweep("[[target]]\ntarget = \"command\"\nname = \"tiny-uvicorn\"\nworkers = 2\nready = \"/ready\"\n"
                 "command = [\"/bin/sh\", \"-c\", \"TINY_PID_DIR=" + pids.string() +
                 " exec /usr/bin/python3 -m uvicorn --app-dir " + kFixtures +
                 " tiny_asgi:app --host 127.0.0.1 --port {port} --workers {workers} --log-level warning\"]\n");
  ASSERT_EQ(s.status, 0) << s.log;
  ASSERT_EQ(s.rows.size(), 1u) << s.log;
  auto& r = s.rows[0];
  EXPECT_EQ(r["status"], "ok") << r["error"];
  EXPECT_EQ(r["target"], "tiny-uvicorn");
  EXPECT_EQ(r["workers"], "2");
  EXPECT_GT(std::stod(r["throughput_rps"]), 0);
  EXPECT_GT(std::stol(r["rss_kb"]), 0);
  // uvicorn's supervisor and its two workers: {workers} reached the command
  // and the whole tree was sampled.
  EXPECT_GE(std::stoi(r["proc_count"]), 3) << "tree: " << r["proc_count"];
  std::vector<pid_t> seen;
  for (auto& f : fs::directory_iterator(pids)) {
    std::ifstream in(f.path());
    pid_t pid = 0, ppid = 0;
    in >> pid >> ppid;
    seen.push_back(pid);
    seen.push_back(ppid);
  }
  EXPECT_GE(seen.size(), 4u) << "each worker writes its pid and its parent's";
  for (pid_t p : seen) EXPECT_FALSE(alive(p)) << "process " << p << " outlived its cell";
}

TEST_F(Targets, CommandExitingAtStartFailsItsCellWithItsLastLinesAndTheSweepGoesOn) {
  auto s = sweep("[[target]]\ntarget = \"command\"\nname = \"dies\"\n"
                 "command = [\"/usr/bin/python3\", \"-c\", \"import sys; print('loading settings', file=sys.stderr); "
                 "print('settings.toml: no such file', file=sys.stderr); sys.exit(3)\"]\n"
                 "[[target]]\nmodel = \"threads\"\nworkers = 1\n");
  EXPECT_EQ(s.status, 3) << "a failed cell makes the sweep exit 3\n" << s.log;
  ASSERT_EQ(s.rows.size(), 2u) << s.log;
  for (auto& r : s.rows) {
    if (r["target"] == "dies") {
      EXPECT_EQ(r["status"], "failed");
      EXPECT_NE(r["error"].find("exited with status 3"), std::string::npos) << r["error"];
      EXPECT_NE(r["error"].find("loading settings | settings.toml: no such file"), std::string::npos) << r["error"];
      EXPECT_TRUE(r["throughput_rps"].empty());
    } else {
      EXPECT_EQ(r["status"], "ok") << r["error"];
    }
  }
}

TEST_F(Targets, UrlTargetWithoutProcessMetricsIsMarkedNotMeasured) {
  // A peer: it serves the API but no /metrics (404). gilbench serve itself
  // now exports the process metrics, so it is the other case (below).
  auto server = Process::start({"/usr/bin/python3", std::string(GILBENCH_SOURCE_DIR) + "/peers/python/serve.py",
                                "--kind", "aiohttp", "--port", "0", "--db", test_db()});
  auto s = sweep("[[target]]\ntarget = \"url\"\nurl = \"http://127.0.0.1:" + std::to_string(server->port()) +
                 "\"\nname = \"elsewhere\"\nimitates = \"async/python\"\n");
  ASSERT_EQ(s.status, 0) << s.log;
  ASSERT_EQ(s.rows.size(), 1u);
  auto& r = s.rows[0];
  EXPECT_EQ(r["status"], "ok") << r["error"];
  EXPECT_EQ(r["target"], "elsewhere");
  EXPECT_EQ(r["imitates"], "async/python");
  EXPECT_GT(std::stod(r["throughput_rps"]), 0);
  for (const char* k : {"rss_kb", "pss_kb", "cpu_user_s", "cpu_util", "proc_count", "proc_threads", "ctx_voluntary"})
    EXPECT_TRUE(r[k].empty()) << k << " = " << r[k] << ": a figure never measured must stay empty, not 0";
  EXPECT_EQ(r["proc_note"].rfind("not measured: ", 0), 0u) << r["proc_note"];
  EXPECT_NE(r["proc_note"].find("/metrics answered 404"), std::string::npos) << r["proc_note"];
  EXPECT_TRUE(server->running()) << "the sweep must not stop a server it did not start";
}

TEST_F(Targets, UrlTargetReadsProcessFiguresFromMetrics) {
  const int port = sweep::free_port();
  // The echo gives the harness its port line; the sweep itself waits for
  // /ready. No access log: nobody reads the pipe after the port line.
  const std::string p = std::to_string(port);
  auto server = Process::start({"/bin/sh", "-c",
                                "echo listening on 127.0.0.1:" + p + "; exec /usr/bin/python3 -m uvicorn --app-dir " +
                                    kFixtures + " tiny_asgi:app --host 127.0.0.1 --port " + p +
                                    " --log-level warning --no-access-log"});
  auto s = sweep("[[target]]\ntarget = \"url\"\nurl = \"http://127.0.0.1:" + std::to_string(port) +
                 "/\"\nready = \"/ready\"\n");
  ASSERT_EQ(s.status, 0) << s.log;
  ASSERT_EQ(s.rows.size(), 1u);
  auto& r = s.rows[0];
  EXPECT_EQ(r["status"], "ok") << r["error"];
  EXPECT_EQ(r["target"], "http://127.0.0.1:" + std::to_string(port));
  EXPECT_GT(std::stol(r["rss_kb"]), 1000) << "a Python process has megabytes resident";
  EXPECT_GE(std::stod(r["cpu_user_s"]), 0);
  EXPECT_FALSE(r["cpu_util"].empty());
  EXPECT_TRUE(r["proc_count"].empty());
  EXPECT_TRUE(r["pss_kb"].empty());
  EXPECT_EQ(r["proc_note"].rfind("from /metrics", 0), 0u) << r["proc_note"];
  EXPECT_EQ(server->stop(), 0);
}

TEST_F(Targets, GilbenchServeAsUrlTargetGivesItsMetrics) {
  auto server = start_server({"--model", "threads", "--workers", "2"});
  auto s = sweep("[[target]]\ntarget = \"url\"\nurl = \"http://127.0.0.1:" + std::to_string(server->port()) + "\"\n");
  ASSERT_EQ(s.status, 0) << s.log;
  ASSERT_EQ(s.rows.size(), 1u);
  auto& r = s.rows[0];
  EXPECT_EQ(r["status"], "ok") << r["error"];
  EXPECT_GT(std::stol(r["rss_kb"]), 0);
  EXPECT_FALSE(r["cpu_util"].empty());
  EXPECT_TRUE(r["proc_count"].empty());
  EXPECT_EQ(r["proc_note"].rfind("from /metrics", 0), 0u) << r["proc_note"];
  EXPECT_TRUE(server->running()) << "the sweep must not stop a server it did not start";
}

TEST_F(Targets, BadUrlIsRejectedWithItsLine) {
  auto s = sweep("[[target]]\ntarget = \"url\"\nurl = \"https://example.com\"\n");
  EXPECT_NE(s.status, 0);
  EXPECT_NE(s.log.find("t.toml:9: key 'target[0].url'"), std::string::npos) << s.log;
}

}  // namespace
}  // namespace gilbench::testing
