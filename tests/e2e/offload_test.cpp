// The offload model end to end, beyond what every model shares (that part is
// in models_api_test, models_lifecycle_test, python_engine_test and the
// conformance suite): cpu goes to pool processes and carries ipc_us, the loop
// keeps answering while the pool works, the bounded queue, a killed pool
// process, and pool processes that never outlive the server.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;

json::object body_of(const HttpResponse& r) { return json::parse(r.body).as_object(); }

std::string str(const json::object& o, const char* k) { return std::string(o.at(k).as_string().c_str()); }

std::string cpu_body(const std::string& seed, long iters) {
  return R"({"mode":"cpu","seed":")" + seed + R"(","iters":)" + std::to_string(iters) + "}";
}

// Fields 3 (state), 4 (ppid), 14+15 (utime+stime, ticks) of /proc/<pid>/stat;
// state 'X' when the process is gone.
struct ProcStat {
  char state = 'X';
  int ppid = 0;
  long ticks = 0;
};

ProcStat proc_stat(int pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(f)), {});
  ProcStat st;
  auto close = s.rfind(')');
  if (close == std::string::npos) return st;
  std::istringstream in(s.substr(close + 2));
  std::string skip;
  long utime = 0, stime = 0;
  in >> st.state >> st.ppid;
  for (int i = 0; i < 9; ++i) in >> skip;
  in >> utime >> stime;
  st.ticks = utime + stime;
  return st;
}

bool gone(int pid) {
  char s = proc_stat(pid).state;
  return s == 'X' || s == 'Z';  // a zombie has exited; its reaper may be slow
}

// Waits until `pid` has used CPU time, i.e. is really running the job.
bool wait_until_busy(int pid, std::chrono::seconds limit) {
  const long start = proc_stat(pid).ticks;
  const auto deadline = SteadyClock::now() + limit;
  while (SteadyClock::now() < deadline) {
    if (proc_stat(pid).ticks > start + 1) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

class Offload : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<Process> serve(std::vector<std::string> extra) {
    std::vector<std::string> args = {"--model", "offload", "--engine", GetParam()};
    args.insert(args.end(), extra.begin(), extra.end());
    return start_server(args);
  }
};

TEST_P(Offload, CpuRunsInPoolProcessesAndCarriesIpcUs) {
  auto s = serve({"--workers", "2"});
  std::vector<std::pair<std::string, long>> cases = {{"a", 1}, {"b", 5000}, {"gilbench", 80000}};
  auto expected = python_chains(cases);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto t0 = SteadyClock::now();
    auto r = post_score(s->port(), cpu_body(cases[i].first, cases[i].second));
    const auto wall_us = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - t0).count();
    ASSERT_EQ(r.status, 200) << r.body;
    auto o = body_of(r);
    EXPECT_EQ(str(o, "digest"), expected[i]);
    EXPECT_EQ(str(o, "model"), "offload");
    EXPECT_EQ(str(o, "engine"), GetParam());
    ASSERT_TRUE(o.contains("ipc_us")) << r.body;
    ASSERT_TRUE(o.at("ipc_us").is_int64()) << r.body;
    const auto ipc = o.at("ipc_us").as_int64(), svc = o.at("service_us").as_int64(),
               queue = o.at("queue_us").as_int64();
    EXPECT_GE(ipc, 0);
    EXPECT_GE(svc, 0);
    EXPECT_GE(queue, 0);
    // The three parts are disjoint slices of the server's time: together
    // they cannot exceed what the client waited (1 ms of rounding allowed).
    EXPECT_LE(queue + svc + ipc, wall_us + 1000) << r.body;
    EXPECT_NE(o.at("pid").as_int64(), s->pid()) << "cpu must run in a pool process, not the loop";
  }
  // io and noop stay on the loop: its pid, and no hand-off to report.
  for (const char* body : {R"({"mode":"io","key":"k5"})", R"({"mode":"noop"})"}) {
    auto r = post_score(s->port(), body);
    ASSERT_EQ(r.status, 200) << r.body;
    auto o = body_of(r);
    EXPECT_EQ(o.at("pid").as_int64(), s->pid()) << body;
    EXPECT_FALSE(o.contains("ipc_us")) << body;
  }
  auto h = body_of(get(s->port(), "/healthz"));
  EXPECT_EQ(str(h, "model"), "offload");
  EXPECT_EQ(h.at("workers").as_int64(), 2);
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Offload, TwoPoolProcessesServeConcurrentCpu) {
  auto s = serve({"--workers", "2"});
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < 2; ++i) conns.push_back(std::make_unique<Conn>(s->port()));
  std::set<std::int64_t> pids;
  const std::string expected = python_chain("two", 200000);
  // Two at a time: each lands on an idle process, so both processes answer.
  for (int round = 0; round < 3 && pids.size() < 2; ++round) {
    for (auto& c : conns) c->send(score_request(cpu_body("two", 200000)));
    for (auto& c : conns) {
      auto r = c->read(60s);
      ASSERT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(str(body_of(r), "digest"), expected);
      pids.insert(body_of(r).at("pid").as_int64());
    }
  }
  EXPECT_EQ(pids.size(), 2u);
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Offload, LoopAnswersIoAndNoopWhileThePoolIsBusy) {
  auto s = serve({"--workers", "1", "--max-iters", "1000000000", "--max-work", "100000000000"});
  Conn busy(s->port());
  // Long enough that it cannot finish while the checks below run.
  busy.send(score_request(cpu_body("busy", GetParam() == "python" ? 30'000'000 : 200'000'000)));
  auto pool_pid = [&] {
    // The pool process is the server's grandchild; find it by its CPU use.
    for (int i = 0; i < 500; ++i) {
      std::ifstream kids("/proc/" + std::to_string(s->pid()) + "/task/" + std::to_string(s->pid()) + "/children");
      int fork_server = 0;
      kids >> fork_server;
      std::ifstream gk("/proc/" + std::to_string(fork_server) + "/task/" + std::to_string(fork_server) + "/children");
      int p = 0;
      if (fork_server && (gk >> p) && proc_stat(p).ticks > 2) return p;
      std::this_thread::sleep_for(20ms);
    }
    return 0;
  }();
  ASSERT_GT(pool_pid, 0) << "the pool process never started the job";
  for (int i = 0; i < 5; ++i) {
    auto r = post_score(s->port(), R"({"mode":"io","key":"k1"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(str(body_of(r), "val"), python_chain("gilbench-kv-1", 1));
    EXPECT_EQ(post_score(s->port(), R"({"mode":"noop"})").status, 200);
  }
  EXPECT_EQ(busy.read(1ms).status, 0) << "the cpu job was meant to be still running";
  ::kill(pool_pid, SIGKILL);  // end the long job rather than wait for it
  EXPECT_EQ(busy.read(20s).status, 500);
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Offload, KilledPoolProcessAnswers500WithReasonAndIsReplaced) {
  auto s = serve({"--workers", "1", "--max-iters", "1000000000", "--max-work", "100000000000"});
  auto first = post_score(s->port(), cpu_body("pid", 1));
  ASSERT_EQ(first.status, 200) << first.body;
  const int victim = static_cast<int>(body_of(first).at("pid").as_int64());
  Conn c(s->port());
  c.send(score_request(cpu_body("doomed", GetParam() == "python" ? 30'000'000 : 200'000'000)));
  ASSERT_TRUE(wait_until_busy(victim, 20s)) << "the pool process never started the job";
  ASSERT_EQ(::kill(victim, SIGKILL), 0);
  auto r = c.read(20s);
  ASSERT_EQ(r.status, 500) << "the in-flight request must be answered, not left hanging: " << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json");
  auto o = body_of(r);
  EXPECT_EQ(str(o, "error"), "worker_died");
  EXPECT_NE(str(o, "detail").find(std::to_string(victim)), std::string::npos) << r.body;
  // A replacement serves the next cpu request (it may still be starting).
  const auto deadline = SteadyClock::now() + 30s;
  HttpResponse after;
  while (SteadyClock::now() < deadline) {
    after = post_score(s->port(), cpu_body("after", 100));
    if (after.status == 200) break;
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(str(body_of(after), "digest"), python_chain("after", 100));
  EXPECT_NE(body_of(after).at("pid").as_int64(), victim);
  EXPECT_EQ(get(s->port(), "/healthz").status, 200);
  auto m = get(s->port(), "/metrics");
  EXPECT_NE(m.body.find("gilbench_worker_restarts_total 1\n"), std::string::npos) << m.body;
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Offload, DrainDeadlineAnswersQueuedAndRunningCpu503AndExits3) {
  auto s = serve({"--workers", "1", "--drain-timeout", "1", "--max-iters", "1000000000"});
  // About 2 s of work from SIGTERM on (python: ~330 ns an iteration, 3M
  // was once done before the deadline): still running at the 1 s deadline,
  // done well before the hard stop (deadline + 5 s) on this machine.
  const long iters = GetParam() == "python" ? 6'000'000 : 25'000'000;
  auto first = post_score(s->port(), cpu_body("pid", 1));
  ASSERT_EQ(first.status, 200) << first.body;
  const int pool_pid = static_cast<int>(body_of(first).at("pid").as_int64());
  Conn running(s->port()), queued(s->port());
  running.send(score_request(cpu_body("long", iters)));
  ASSERT_TRUE(wait_until_busy(pool_pid, 20s));
  queued.send(score_request(cpu_body("queued", 10)));
  // Wait until the loop has read it into the pool's queue: on a busy machine
  // a fixed sleep can end before the loop gets to it.
  const auto until = SteadyClock::now() + 20s;
  while (get(s->port(), "/metrics").body.find("gilbench_queue_depth 1\n") == std::string::npos &&
         SteadyClock::now() < until)
    std::this_thread::sleep_for(20ms);
  ::kill(s->pid(), SIGTERM);
  auto q = queued.read(20s);
  ASSERT_EQ(q.status, 503) << "a queued job must not wait for the running one: " << q.body;
  EXPECT_EQ(str(body_of(q), "error"), "shutting_down");
  auto r = running.read(20s);
  ASSERT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(str(body_of(r), "error"), "shutting_down");
  EXPECT_EQ(s->stop(0, 30s), 3) << "requests were abandoned: exit status 3";
}

TEST_P(Offload, RequestSentRightAfterAnIdlePoolProcessDiesIsAnswered) {
  // Whether it meets the dead process's pipe (EPIPE: handed to the
  // replacement) or the replacement itself, the request must succeed.
  auto s = serve({"--workers", "1"});
  auto first = post_score(s->port(), cpu_body("idle", 1));
  ASSERT_EQ(first.status, 200) << first.body;
  const int victim = static_cast<int>(body_of(first).at("pid").as_int64());
  ASSERT_EQ(::kill(victim, SIGKILL), 0);
  while (!gone(victim)) std::this_thread::sleep_for(1ms);
  auto r = post_score(s->port(), cpu_body("idle", 1000));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(body_of(r), "digest"), python_chain("idle", 1000));
  EXPECT_NE(body_of(r).at("pid").as_int64(), victim);
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Offload, PoolProcessesDieWithTheServer) {
  auto s = serve({"--workers", "2"});
  std::set<int> pool;
  for (int i = 0; i < 20 && pool.size() < 2; ++i) {
    Conn a(s->port()), b(s->port());
    a.send(score_request(cpu_body("x", 50000)));
    b.send(score_request(cpu_body("y", 50000)));
    for (Conn* c : {&a, &b}) {
      auto r = c->read();
      ASSERT_EQ(r.status, 200) << r.body;
      pool.insert(static_cast<int>(body_of(r).at("pid").as_int64()));
    }
  }
  ASSERT_EQ(pool.size(), 2u);
  const int fork_server = proc_stat(*pool.begin()).ppid;
  ASSERT_NE(fork_server, s->pid());
  ASSERT_EQ(proc_stat(fork_server).ppid, s->pid());
  EXPECT_EQ(s->stop(SIGKILL), 128 + SIGKILL);  // no chance to stop anything itself
  const auto deadline = SteadyClock::now() + 10s;
  auto all_gone = [&] {
    for (int p : pool)
      if (!gone(p)) return false;
    return gone(fork_server);
  };
  while (!all_gone() && SteadyClock::now() < deadline) std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(all_gone()) << "pool processes must not outlive the server";
}

TEST_P(Offload, QueueFullRejectAnswers503WithRetryAfter) {
  auto s = serve({"--workers", "1", "--queue", "1", "--on-full", "reject", "--max-iters", "1000000000"});
  const long iters = GetParam() == "python" ? 1'500'000 : 6'000'000;
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < 4; ++i) {
    conns.push_back(std::make_unique<Conn>(s->port()));
    conns.back()->send(score_request(cpu_body("q", iters)));
    std::this_thread::sleep_for(30ms);  // keep arrival order for a deterministic queue
  }
  std::vector<HttpResponse> answers;
  for (auto& c : conns) answers.push_back(c->read(60s));
  // One running in the pool, one waiting, the other two find the queue full.
  // Counted, not indexed: a loaded machine may let the loop read two of the
  // connections in one wake-up, in either order.
  int ok = 0, rejected = 0;
  for (const auto& a : answers) {
    if (a.status == 200) {
      ++ok;
      continue;
    }
    EXPECT_EQ(a.status, 503) << a.body;
    EXPECT_EQ(a.header("retry-after"), "1");
    EXPECT_EQ(str(body_of(a), "error"), "overloaded");
    ++rejected;
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(rejected, 2);
  EXPECT_EQ(answers[0].status, 200) << "the first request found the pool idle";
  auto m = get(s->port(), "/metrics");
  EXPECT_NE(m.body.find("gilbench_rejected_total 2\n"), std::string::npos) << m.body;
  // io does not queue for the pool: it is never rejected by it.
  EXPECT_EQ(post_score(s->port(), R"({"mode":"io","key":"k2"})").status, 200);
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Offload, QueueFullBlockAnswersEveryone) {
  auto s = serve({"--workers", "1", "--queue", "1", "--on-full", "block"});
  const std::string expected = python_chain("blk", 100000);
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < 4; ++i) {
    conns.push_back(std::make_unique<Conn>(s->port()));
    conns.back()->send(score_request(cpu_body("blk", 100000)));
  }
  for (auto& c : conns) {
    auto r = c->read(60s);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(str(body_of(r), "digest"), expected);
  }
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Offload, PoolStartUpErrorFailsTheServerWithTheMessage) {
  // The pool processes open the store first (they start before the loop's
  // engine): their error must reach stderr and the exit status, not hang.
  const std::string cmd = "timeout 30 " + gilbench_bin() + " serve --model offload --engine " +
                          GetParam() + " --port 0 --db /nonexistent/kv.db 2>&1; echo \"exit=$?\"";
  std::string out;
  if (FILE* f = ::popen(cmd.c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, f)) out += buf;
    ::pclose(f);
  }
  EXPECT_NE(out.find("/nonexistent/kv.db: no such store"), std::string::npos) << out;
  EXPECT_NE(out.find("exit=1\n"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(Engines, Offload, ::testing::Values("native", "python"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace gilbench::testing
