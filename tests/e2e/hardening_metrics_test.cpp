// /metrics for the whole server (issue 14, "Also"): procs sums every
// worker's counters, process metrics cover the process tree, restarts are
// counted, and queued requests whose client left are skipped and counted.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

double metric(const std::string& body, const std::string& name) {
  std::smatch m;
  std::regex re("\n" + std::regex_replace(name, std::regex(R"([{}"])"), R"(\$&)") + R"( ([0-9.e+]+)\n)");
  if (!std::regex_search(body, m, re)) return -1;
  return std::stod(m[1]);
}

TEST(Metrics, ProcsSumsEveryWorkersCounters) {
  auto s = start_server({"--model", "procs", "--workers", "2"});
  std::set<std::string> pids;
  for (int i = 0; i < 20; ++i) {
    auto r = post_score(s->port(), R"({"mode":"noop"})");
    ASSERT_EQ(r.status, 200);
    pids.insert(boost::json::serialize(boost::json::parse(r.body).at("pid")));
  }
  ASSERT_EQ(pids.size(), 2u) << "both workers should have answered some";
  for (int i = 0; i < 4; ++i) {  // whichever worker answers, the totals are the server's
    auto m = get(s->port(), "/metrics");
    EXPECT_EQ(metric(m.body, R"(gilbench_requests_total{mode="noop",status="200"})"), 20) << m.body;
  }
  EXPECT_EQ(s->stop(), 0);
}

TEST(Metrics, ProcessMetricsCoverTheTreeAndRestartsAreCounted) {
  auto s = start_server({"--model", "procs", "--workers", "2"});
  auto m = get(s->port(), "/metrics").body;
  EXPECT_GT(metric(m, "process_resident_memory_bytes"), 3 * 1e6) << "three processes";
  EXPECT_GE(metric(m, "process_open_fds"), 6);
  EXPECT_GE(metric(m, "process_cpu_seconds_total"), 0);
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_NEAR(metric(m, "process_start_time_seconds"), now, 120);
  EXPECT_EQ(metric(m, "gilbench_worker_restarts_total"), 0);
  // Kill one worker; the replacement is counted.
  auto r = post_score(s->port(), R"({"mode":"noop"})");
  const int victim = static_cast<int>(boost::json::parse(r.body).at("pid").as_int64());
  ASSERT_EQ(::kill(victim, SIGKILL), 0);
  double restarts = 0;
  for (int i = 0; i < 100 && restarts < 1; ++i) {
    std::this_thread::sleep_for(100ms);
    auto mm = get(s->port(), "/metrics");
    if (mm.status == 200) restarts = metric(mm.body, "gilbench_worker_restarts_total");
  }
  EXPECT_EQ(restarts, 1);
  EXPECT_EQ(s->stop(), 0);
}

class SkipGone : public ::testing::TestWithParam<std::string> {};

// threads: the request waits in the model's queue; async and procs: in the
// socket while the loop runs the busy request.
TEST_P(SkipGone, QueuedRequestOfAClientThatLeftIsSkippedAndCounted) {
  auto s = start_server({"--model", GetParam(), "--workers", "1", "--queue", "8"});
  Conn busy(s->port());
  busy.send(score_request(R"({"mode":"cpu","iters":8000000})"));
  std::this_thread::sleep_for(100ms);  // running now; the next ones queue
  for (int i = 0; i < 4; ++i) {
    Conn gone(s->port());
    gone.send(score_request(R"({"mode":"cpu","iters":8000000})"));
    std::this_thread::sleep_for(20ms);
  }  // each closed here, while queued
  EXPECT_EQ(busy.read(60s).status, 200);
  std::this_thread::sleep_for(300ms);
  auto m = get(s->port(), "/metrics").body;
  EXPECT_EQ(metric(m, "gilbench_skipped_total"), 4) << m;
  EXPECT_EQ(metric(m, "gilbench_client_gone_total"), 4) << m;
  EXPECT_EQ(metric(m, R"(gilbench_requests_total{mode="cpu",status="200"})"), 1) << m;
  EXPECT_EQ(s->stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(AllModels, SkipGone, ::testing::Values("threads", "async", "procs"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace gilbench::testing
