// Limits, backpressure and shutdown, end to end, on the real binary.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

namespace json = boost::json;

std::string field(const HttpResponse& r, const char* k) {
  auto o = json::parse(r.body).as_object();
  const auto& v = o.at(k);
  return v.is_string() ? std::string(v.as_string().c_str()) : json::serialize(v);
}

// About a quarter of a second of native SHA-256 work.
constexpr const char* kSlowCpu = R"({"mode":"cpu","iters":4000000,"seed":"slow"})";

class Lifecycle : public ::testing::TestWithParam<std::string> {};

TEST_P(Lifecycle, SigtermWhileRequestsInFlightLosesNone) {
  auto s = start_server({"--model", GetParam(), "--workers", "2"});
  constexpr int kClients = 6;
  std::vector<HttpResponse> answers(kClients);
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < kClients; ++i) conns.push_back(std::make_unique<Conn>(s->port()));
  for (auto& c : conns) c->send(score_request(kSlowCpu));
  std::this_thread::sleep_for(100ms);  // all sent and at least one running
  ::kill(s->pid(), SIGTERM);
  std::vector<std::thread> readers;
  for (int i = 0; i < kClients; ++i)
    readers.emplace_back([&, i] { answers[static_cast<std::size_t>(i)] = conns[static_cast<std::size_t>(i)]->read(30s); });
  for (auto& t : readers) t.join();
  const std::string expected = python_chain("slow", 4000000);
  for (int i = 0; i < kClients; ++i) {
    ASSERT_EQ(answers[static_cast<std::size_t>(i)].status, 200) << "client " << i << " lost its answer";
    EXPECT_EQ(field(answers[static_cast<std::size_t>(i)], "digest"), expected);
  }
  EXPECT_EQ(s->stop(0, 20s), 0) << "exit status after SIGTERM";  // signal 0: just wait
}

TEST_P(Lifecycle, SigintAlsoStopsCleanly) {
  auto s = start_server({"--model", GetParam()});
  ASSERT_EQ(get(s->port(), "/healthz").status, 200);
  EXPECT_EQ(s->stop(SIGINT), 0);
}

TEST_P(Lifecycle, IdleKeepAliveConnectionsDoNotDelayShutdown) {
  auto s = start_server({"--model", GetParam()});
  std::vector<std::unique_ptr<Conn>> idle;
  for (int i = 0; i < 20; ++i) {
    idle.push_back(std::make_unique<Conn>(s->port()));
    idle.back()->send(score_request(R"({"mode":"noop"})"));
    ASSERT_EQ(idle.back()->read().status, 200);
  }
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(s->stop(SIGTERM, 10s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

TEST_P(Lifecycle, HalfOpenConnectionIsClosedAfterReadTimeout) {
  auto s = start_server({"--model", GetParam(), "--read-timeout", "0.3"});
  Conn partial(s->port());
  partial.send("POST /score HTTP/1.1\r\nHost: x\r\nContent-Le");
  Conn idle(s->port());
  EXPECT_TRUE(partial.closed_by_peer(5s));
  EXPECT_TRUE(idle.closed_by_peer(5s));
  EXPECT_EQ(get(s->port(), "/healthz").status, 200);
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Lifecycle, ConnectionCapAnswers503) {
  auto s = start_server({"--model", GetParam(), "--workers", "1", "--max-connections", "2"});
  Conn a(s->port()), b(s->port());
  a.send(score_request(R"({"mode":"noop"})"));
  b.send(score_request(R"({"mode":"noop"})"));
  ASSERT_EQ(a.read().status, 200);
  ASSERT_EQ(b.read().status, 200);
  Conn c(s->port());
  c.send(score_request(R"({"mode":"noop"})"));
  auto r = c.read();
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(field(r, "error"), "overloaded");
  EXPECT_EQ(r.header("retry-after"), "1");
  a.close();
  b.close();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(get(s->port(), "/healthz").status, 200) << "slots are freed when connections close";
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Lifecycle, GarbageNeverTakesTheServerDown) {
  auto s = start_server({"--model", GetParam(), "--read-timeout", "0.5"});
  std::mt19937 rng(1234);
  for (int i = 0; i < 60; ++i) {
    std::string junk(static_cast<std::size_t>(rng() % 3000), '\0');
    for (auto& ch : junk) ch = static_cast<char>(rng());
    if (i % 3 == 0) junk = "POST /score HTTP/1.1\r\nContent-Length: " + std::to_string(rng() % 100) + "\r\n\r\n" + junk;
    if (i % 5 == 0) junk = "POST /score HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + junk;
    Conn c(s->port());
    c.send(junk);
    c.read(300ms);
  }
  auto r = post_score(s->port(), R"({"mode":"cpu","iters":2,"seed":"after"})");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(field(r, "digest"), python_chain("after", 2));
  EXPECT_EQ(s->stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(AllModels, Lifecycle, ::testing::ValuesIn(all_models()),
                         [](const auto& info) { return info.param; });

// Sends n slow cpu requests on n connections at once; returns the statuses.
std::vector<HttpResponse> burst(int port, int n) {
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < n; ++i) conns.push_back(std::make_unique<Conn>(port));
  for (auto& c : conns) {
    c->send(score_request(kSlowCpu));
    std::this_thread::sleep_for(20ms);  // keep arrival order for a deterministic queue
  }
  std::vector<HttpResponse> out;
  for (auto& c : conns) out.push_back(c->read(30s));
  return out;
}

TEST(ThreadsBackpressure, RejectAnswers503WithRetryAfterWhenTheQueueIsFull) {
  auto s = start_server({"--model", "threads", "--workers", "1", "--queue", "1", "--on-full", "reject"});
  auto answers = burst(s->port(), 4);
  // One running, one queued, the other two find the queue full.
  EXPECT_EQ(answers[0].status, 200);
  EXPECT_EQ(answers[1].status, 200);
  for (int i : {2, 3}) {
    EXPECT_EQ(answers[static_cast<std::size_t>(i)].status, 503) << i;
    EXPECT_EQ(answers[static_cast<std::size_t>(i)].header("retry-after"), "1");
    EXPECT_EQ(field(answers[static_cast<std::size_t>(i)], "error"), "overloaded");
  }
  auto m = get(s->port(), "/metrics");
  EXPECT_NE(m.body.find("gilbench_rejected_total 2\n"), std::string::npos) << m.body;
  EXPECT_EQ(s->stop(), 0);
}

TEST(ThreadsBackpressure, BlockAnswersEveryoneWhenTheQueueIsFull) {
  auto s = start_server({"--model", "threads", "--workers", "1", "--queue", "1", "--on-full", "block"});
  auto answers = burst(s->port(), 4);
  for (std::size_t i = 0; i < answers.size(); ++i) EXPECT_EQ(answers[i].status, 200) << i;
  EXPECT_EQ(s->stop(), 0);
}

TEST(ThreadsBackpressure, SigtermDrainsTheQueue) {
  // A drain deadline far beyond the queue's work: the test is about draining,
  // not the deadline, and must hold on slow builds (ThreadSanitizer: ~10x).
  auto s = start_server({"--model", "threads", "--workers", "1", "--queue", "8", "--drain-timeout", "120"});
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < 5; ++i) {
    conns.push_back(std::make_unique<Conn>(s->port()));
    conns.back()->send(score_request(kSlowCpu));
  }
  std::this_thread::sleep_for(100ms);  // one running, four queued
  ::kill(s->pid(), SIGTERM);
  for (auto& c : conns) EXPECT_EQ(c->read(30s).status, 200);
  EXPECT_EQ(s->stop(0, 20s), 0);
}

TEST(Procs, KilledWorkerIsReplacedAndServiceContinues) {
  auto s = start_server({"--model", "procs", "--workers", "2"});
  std::set<std::string> before;
  for (int i = 0; i < 40 && before.size() < 2; ++i)
    before.insert(field(post_score(s->port(), R"({"mode":"noop"})"), "pid"));
  ASSERT_EQ(before.size(), 2u) << "both workers should answer";
  const int victim = std::stoi(*before.begin());
  ASSERT_EQ(::kill(victim, SIGKILL), 0);
  std::set<std::string> after;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  bool replaced = false;
  while (std::chrono::steady_clock::now() < deadline && !replaced) {
    auto r = post_score(s->port(), R"({"mode":"noop"})");
    if (r.status == 200) {
      auto pid = field(r, "pid");
      EXPECT_NE(std::stoi(pid), victim) << "a dead worker cannot answer";
      replaced = !before.count(pid);
    }
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(replaced) << "the supervisor should have started a new worker";
  EXPECT_EQ(get(s->port(), "/healthz").status, 200);
  EXPECT_EQ(s->stop(), 0);
}

TEST(Procs, KeepAliveConnectionsAreSpreadOverWorkers) {
  // Without balancing, the worker that accepts first takes the whole backlog
  // and serves every connection one request at a time.
  auto s = start_server({"--model", "procs", "--workers", "4"});
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < 4; ++i) {
    conns.push_back(std::make_unique<Conn>(s->port()));
    std::this_thread::sleep_for(20ms);
  }
  std::set<std::string> pids;
  for (auto& c : conns) {
    c->send(score_request(R"({"mode":"noop"})"));
    auto r = c->read();
    ASSERT_EQ(r.status, 200);
    pids.insert(field(r, "pid"));
  }
  EXPECT_EQ(pids.size(), 4u) << "each of 4 connections should be served by its own worker";
  EXPECT_EQ(s->stop(), 0);
}

TEST(Serve, BadStoreFailsAtStartWithAClearMessage) {
  EXPECT_THROW(Process::start({gilbench_bin(), "serve", "--port", "0", "--db", "/nonexistent/kv.db"}, 10s),
               std::runtime_error);
  EXPECT_THROW(Process::start({gilbench_bin(), "serve", "--model", "procs", "--port", "0", "--db",
                               "/nonexistent/kv.db"}, 10s),
               std::runtime_error);
}

}  // namespace
}  // namespace gilbench::testing
