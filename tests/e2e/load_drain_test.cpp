// Every request scheduled in the window is in the figures (issue 9): the
// drain after the window, censoring at its deadline, 2xx-only percentiles.
// Real `gilbench serve` on 127.0.0.1 with a fixed io wait, so the capacity
// is known: one worker sleeping 10 ms per request holds 100 req/s.
#include <sys/resource.h>

#include <gtest/gtest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "harness.h"
#include "load/load.h"

namespace gilbench::testing {
namespace {

using load::LoadConfig;
using load::LoadResult;

LoadConfig io_fixed(int port, double wait_ms) {
  LoadConfig c;
  c.url = "http://127.0.0.1:" + std::to_string(port) + "/score";
  c.request.mode = "io";
  c.request.values = {{"wait_ms", fmt::format("{}", wait_ms)}, {"wait_dist", "fixed"}};
  return c;
}

// Open loop at `rate` into a 10 ms fixed-wait io server.
LoadConfig open_io(int port, int connections, double rate, double window_s, double drain_s) {
  LoadConfig c = io_fixed(port, 10);
  c.connections = connections;
  c.rate_rps = rate;
  c.duration_s = window_s;
  c.drain_s = drain_s;
  return c;
}

void expect_conserved(const LoadResult& r) {
  EXPECT_EQ(r.scheduled, r.requests + r.errors.read + r.errors.write + r.errors.timeout + r.censored);
  EXPECT_EQ(r.censored, r.in_flight_end + r.not_issued_end);
  EXPECT_EQ(r.requests, r.ok + r.errors.status);
  EXPECT_EQ(r.latency.count(), r.ok + r.censored);
  EXPECT_EQ(r.err_latency.count(), r.errors.status);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}

// Per-request reference for an open loop at `rate` into a single FIFO server
// that is always busy and takes `service_s` per request: request k is
// intended at k/rate and answered at (k+1) * service_s, or censored at the
// drain deadline. `window_only` keeps only the answers inside the window,
// which is what the generator reported before the drain existed.
double reference_p50(double rate, double service_s, double window_s, double drain_s, bool window_only) {
  std::vector<double> lat;
  for (int k = 0; k < static_cast<int>(rate * window_s); ++k) {
    const double intended = k / rate;
    const double done = (k + 1) * service_s;
    if (window_only) {
      if (done <= window_s) lat.push_back(done - intended);
    } else {
      lat.push_back(std::min(done, window_s + drain_s) - intended);
    }
  }
  return median(lat);
}

TEST(LoadDrain, OpenLoopAtTwiceCapacityCountsTheBacklog) {
  auto s = start_server({"--model", "threads", "--workers", "1"});
  LoadConfig c = open_io(s->port(), 64, 200, 2, 1);  // 2x what one 10 ms worker holds
  const LoadResult r = load::run_load(c);
  expect_conserved(r);
  EXPECT_NEAR(static_cast<double>(r.scheduled), 400, 2);
  ASSERT_GT(r.ok, 50u);
  // The server's real pace on this machine (sleeps overshoot under load):
  // its mean time per answered request.
  const double service_s = r.service.mean() / 1e6;
  ASSERT_GE(service_s, 0.0099);
  const double ref = reference_p50(200, service_s, 2, 1, false);
  const double old = reference_p50(200, service_s, 2, 1, true);
  const double p50 = static_cast<double>(r.latency.percentile(50));
  EXPECT_NEAR(p50 / 1e6, ref, 0.2 * ref) << "service " << service_s << " s";
  // Without the backlog the median is about half of that.
  EXPECT_GT(p50 / 1e6, 1.5 * old) << "window-only reference " << old << " s";
  EXPECT_EQ(s->stop(), 0);
}

TEST(LoadDrain, TinyDrainCensorsWhatIsStillUnanswered) {
  auto s = start_server({"--model", "threads", "--workers", "1"});
  LoadConfig c = open_io(s->port(), 16, 200, 1, 0.001);
  const LoadResult r = load::run_load(c);
  expect_conserved(r);
  // ~100 answered of ~200 scheduled: the other half is censored, with the
  // 16 connections' requests in flight and the rest never sent.
  EXPECT_GT(r.censored, 50u);
  EXPECT_EQ(r.in_flight_end, 16u);
  EXPECT_GT(r.not_issued_end, 30u);
  EXPECT_GT(r.failure_share(), 0.25);
  // A censored request waited at least from its intended time to the window's
  // end: the one intended first waited most of the window.
  EXPECT_GE(r.latency.max(), 500'000);
  EXPECT_EQ(s->stop(), 0);
}

TEST(LoadDrain, ClosedLoopWaitsForTheAnswersInFlightAtTheWindowsEnd) {
  auto s = start_server({"--model", "threads", "--workers", "4"});
  LoadConfig c = io_fixed(s->port(), 300);
  c.connections = 4;
  c.duration_s = 1;
  c.drain_s = 2;
  LoadResult r = load::run_load(c);
  expect_conserved(r);
  // Each connection had a 300 ms request on the wire when the window closed;
  // the drain waits for all four instead of cutting the slow ones.
  EXPECT_EQ(r.censored, 0u);
  EXPECT_EQ(r.requests, r.issued);
  EXPECT_GE(r.ok, 12u);
  EXPECT_GE(r.latency.min(), 300'000);
  // With no drain, the four are censored at the window's end (three if an
  // answer lands in the instant the window closes).
  c.drain_s = 0;
  r = load::run_load(c);
  expect_conserved(r);
  EXPECT_GE(r.censored, 3u);
  EXPECT_LE(r.censored, 4u);
  EXPECT_EQ(r.in_flight_end, r.censored);
  EXPECT_EQ(r.not_issued_end, 0u);
  EXPECT_EQ(s->stop(), 0);
}

TEST(LoadDrain, PercentilesAreOver2xxAnswersOnly) {
  // One worker, a queue of one, reject when full: most of 8 connections'
  // requests are answered 503 at once; the 2xx answers take >= 20 ms.
  auto s = start_server({"--model", "threads", "--workers", "1", "--queue", "1", "--on-full", "reject"});
  LoadConfig c = io_fixed(s->port(), 20);
  c.connections = 8;
  c.duration_s = 1;
  const LoadResult r = load::run_load(c);
  expect_conserved(r);
  ASSERT_GT(r.errors.status, 0u);
  EXPECT_EQ(r.errors.by_status.at(503), r.errors.status);
  ASSERT_GT(r.ok, 5u);
  EXPECT_GE(r.latency.min(), 20'000);  // no 503 among them
  EXPECT_GE(r.ulatency.min(), 20'000);
  EXPECT_EQ(r.err_latency.count(), r.errors.status);
  EXPECT_GT(r.failure_share(), 0.01);  // a degraded run
  const auto fields = load::csv_fields(r);
  for (const auto& [k, v] : fields)
    if (k == "err_lat_p50_us") EXPECT_EQ(v, std::to_string(r.err_latency.percentile(50)));
  EXPECT_EQ(s->stop(), 0);
}

TEST(LoadGenerator, AnOverloadedTargetIsNotBlamedOnTheGenerator) {
  // 2 connections, 200 req/s, one 10 ms worker: the sends fall behind
  // because every connection is busy, not because the generator is slow.
  auto s = start_server({"--model", "threads", "--workers", "1"});
  LoadConfig c = open_io(s->port(), 2, 200, 1, 0.2);
  const LoadResult r = load::run_load(c);
  expect_conserved(r);
  EXPECT_GT(r.starved, 50u);
  EXPECT_LT(r.gen.achieved_rps, 0.8 * 200);  // about 100
  EXPECT_DOUBLE_EQ(r.gen.intended_rps, 200);
  EXPECT_FALSE(r.gen.bound) << r.gen.reason;
  EXPECT_GT(r.gen.cpu_pct, 0);
  EXPECT_LT(r.gen.cpu_pct, 90);  // it mostly waited
  EXPECT_EQ(r.send_delay.count(), r.issued);
  EXPECT_EQ(r.gen_lag.count(), r.issued);
  // The wait for a connection is in the send delay, not in the generator's own lag.
  EXPECT_GT(r.send_delay.percentile(50), 100'000);
  EXPECT_LT(r.gen_lag.percentile(50), r.send_delay.percentile(50) / 10);
  EXPECT_EQ(s->stop(), 0);
}

double cpu_s_of_this_process() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

TEST(LoadDrain, WaitingForAnswersDoesNotSpin) {
  // 5 req/s of 900 ms requests on 8 connections: when the window closes,
  // some connections are idle and some wait for answers for most of the
  // drain. The pre-send spin must not poll for a send that will never come
  // (it did: 0.37 s of CPU in a 0.7 s drain).
  auto s = start_server({"--model", "async"});
  LoadConfig c = io_fixed(s->port(), 900);
  c.connections = 8;
  c.rate_rps = 5;
  c.duration_s = 1;
  c.drain_s = 1;
  const double before = cpu_s_of_this_process();
  const LoadResult r = load::run_load(c);
  const double used = cpu_s_of_this_process() - before;
  expect_conserved(r);
  EXPECT_EQ(r.censored, 0u);
  EXPECT_EQ(r.ok, 5u);
  EXPECT_LT(used, 0.2) << "s of CPU for a 1.9 s run that mostly waits";
  // Nor once an -n budget is spent, while its answers are awaited (this
  // spun in the generator before the drain existed, too).
  c.duration_s = 0;
  c.max_requests = 10;
  c.rate_rps = 100;
  const double before_n = cpu_s_of_this_process();
  const LoadResult n = load::run_load(c);
  EXPECT_EQ(n.ok, 10u);
  EXPECT_LT(cpu_s_of_this_process() - before_n, 0.2) << "s of CPU for a 1.8 s run that mostly waits";
  EXPECT_EQ(s->stop(), 0);
}

TEST(LoadDrain, RequestLogHasEveryScheduledRequestAndTheSamePercentiles) {
  auto s = start_server({"--model", "threads", "--workers", "1"});
  // 1.5x capacity: answers, and censored requests in flight and never sent.
  LoadConfig c = open_io(s->port(), 8, 150, 1, 0.2);
  c.request_log = ::testing::TempDir() + "gilbench-request-log.txt";
  const LoadResult r = load::run_load(c);
  expect_conserved(r);
  std::ifstream in(c.request_log);
  std::vector<double> lat;
  std::uint64_t lines = 0, ok = 0, censored = 0, never_sent = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream row(line);
    std::int64_t intended, sent, done;
    std::string outcome;
    row >> intended >> sent >> done >> outcome;
    ++lines;
    EXPECT_GE(intended, 0) << line;  // in the window
    EXPECT_LT(intended, 1'000'000'000) << line;
    EXPECT_GE(done, intended) << line;
    if (outcome == "censored") {
      ++censored;
      never_sent += sent == -1;
      lat.push_back(static_cast<double>(done - intended) / 1000);
    } else if (outcome == "200") {
      ++ok;
      lat.push_back(static_cast<double>(done - intended) / 1000);
    }
  }
  EXPECT_EQ(lines, r.scheduled);
  EXPECT_EQ(ok, r.ok);
  EXPECT_EQ(censored, r.censored);
  EXPECT_EQ(never_sent, r.not_issued_end);
  ASSERT_FALSE(lat.empty());
  // Exact nearest-rank p50 from the log against the histogram's (3
  // significant digits, reported as the top of its bucket).
  std::sort(lat.begin(), lat.end());
  const double exact = lat[static_cast<std::size_t>(std::ceil(0.5 * static_cast<double>(lat.size()))) - 1];
  EXPECT_NEAR(static_cast<double>(r.latency.percentile(50)), exact, exact * 0.002 + 1);
  std::remove(c.request_log.c_str());
  EXPECT_EQ(s->stop(), 0);
}

}  // namespace
}  // namespace gilbench::testing
