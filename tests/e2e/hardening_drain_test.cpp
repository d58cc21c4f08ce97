// The drain's guarantees under clients that do not stop (issue 20, items 1
// and 5): a request cut off at the hard stop is answered 503 and counted
// (exit 3); a request sent on a keep-alive connection as SIGTERM arrives is
// served or answered 503 with Connection: close, never dropped.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;

class HardStop : public ::testing::TestWithParam<std::string> {};

// A cpu job in a pool process cannot be interrupted: at the drain deadline
// (1 s) it is given up, and at the hard stop (+5 s) the server must still
// answer it, count it and exit 3. Before the fix the client saw the
// connection closed with no answer (curl exit 52) and serve exited 0.
TEST_P(HardStop, OffloadJobRunningPastTheHardStopIsAnswered503AndExit3) {
  auto s = start_server({"--model", "offload", "--engine", GetParam(), "--workers", "1",
                         "--max-iters", "1000000000", "--max-work", "1000000000000000", "--drain-timeout", "1"});
  Conn c(s->port());
  ASSERT_TRUE(c.send(score_request(R"({"mode":"cpu","iters":400000000})")));
  std::this_thread::sleep_for(700ms);  // it runs in the pool process now
  const auto t0 = SteadyClock::now();
  ::kill(s->pid(), SIGTERM);
  auto r = c.read(20s);
  const auto answered_after = SteadyClock::now() - t0;
  ASSERT_EQ(r.status, 503) << "no answer: the connection was closed under the request";
  EXPECT_EQ(json::parse(r.body).at("error").as_string(), "shutting_down");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_GE(answered_after, 5s) << "answered before the hard stop (drain 1 s + 5 s)";
  EXPECT_EQ(s->stop(0, 30s), 3) << "the exit status must say a request was abandoned";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, HardStop, ::testing::Values("native", "python"),
                         [](const auto& info) { return info.param; });

struct Counts {
  std::atomic<int> ok{0}, unavailable{0}, refused{0}, lost{0}, closes{0};
};

// One client as the issue describes it: keep-alive, its next request sent as
// soon as it has an answer, a new connection when the server closes one.
// `think`: a pause before each next request (0: none).
void keep_alive_client(int port, const std::string& req, std::atomic<bool>& stop, Counts& n,
                       std::chrono::milliseconds think) {
  while (!stop) {
    std::unique_ptr<Conn> c;
    try {
      c = std::make_unique<Conn>(port);
    } catch (const std::exception&) {
      ++n.refused;
      std::this_thread::sleep_for(20ms);
      continue;
    }
    while (!stop) {
      if (think.count() > 0) std::this_thread::sleep_for(think);
      if (!c->send(req)) {
        ++n.lost;
        break;
      }
      auto r = c->read(20s);
      if (r.status == 200) {
        ++n.ok;
      } else if (r.status == 503 && r.header("connection") == "close") {
        ++n.unavailable;
      } else {
        ++n.lost;  // no answer (EOF or reset), or not an answer the contract allows
        break;
      }
      if (r.header("connection") == "close") {
        ++n.closes;
        break;
      }
    }
  }
}

class KeepAliveDrain : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

// Before the fix the server closed idle keep-alive connections at the
// signal, dropping requests their clients had just sent: 2 to 9 per run on
// threads and procs.
TEST_P(KeepAliveDrain, NoRequestOnAnOpenConnectionIsDroppedAtTheSignal) {
  const auto& [model, engine] = GetParam();
  auto s = start_server({"--model", model, "--engine", engine, "--workers", "2"});
  const int port = s->port();
  std::atomic<bool> stop{false};
  Counts n;
  const std::string cpu = score_request(R"({"mode":"cpu","iters":20000})");
  const std::string io = score_request(R"({"mode":"io","wait_ms":5,"wait_dist":"fixed"})");
  std::vector<std::thread> clients;
  for (int i = 0; i < 32; ++i)
    clients.emplace_back([&, i] { keep_alive_client(port, i % 2 ? io : cpu, stop, n, 0ms); });
  // The issue's 32 clients are idle only for a moment between requests, so
  // the old code dropped one in a few runs here; 8 more that pause 2 ms
  // before each request are idle often enough that it dropped one nearly
  // every run.
  for (int i = 0; i < 8; ++i)
    clients.emplace_back([&, i] { keep_alive_client(port, i % 2 ? io : cpu, stop, n, 2ms); });
  std::this_thread::sleep_for(2s);
  const int ok_before = n.ok.load();
  ::kill(s->pid(), SIGTERM);
  const int status = s->stop(0, 30s);
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(status, 0) << "nothing should have been abandoned";
  EXPECT_GT(ok_before, 0) << "the clients were not under way before the signal";
  EXPECT_GE(n.closes.load(), 40) << "each connection open at the signal ends with Connection: close";
  EXPECT_EQ(n.lost.load(), 0) << "requests sent on an open connection, never answered";
}

INSTANTIATE_TEST_SUITE_P(
    EveryModelBothEngines, KeepAliveDrain,
    ::testing::Combine(::testing::ValuesIn(all_models()),
                       ::testing::Values("native", "python")),
    [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

}  // namespace
}  // namespace gilbench::testing
