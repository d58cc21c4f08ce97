// load merge: two generators' results combine into exactly the result of one
// histogram holding every sample; the counts, error classes and flags add up.
#include "load/merge.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "load/result_log.h"

namespace gilbench::load {
namespace {

const double kPercentiles[] = {0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100};

// A segment's result with `n` lognormal latencies drawn from `seed`, also
// recorded into `all` (the one-histogram reference).
LoadResult segment(int index, std::uint64_t seed, int n, Histogram& all, Histogram& uall) {
  LoadResult r;
  r.loop = "open";
  r.config.segment_index = index;
  r.config.segment_count = 2;
  r.config.rate_rps = 500;
  r.config.connections = 4;
  r.duration_s = 2.0;
  r.window_start_unix = 1000.0 + 0.01 * index;
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> dist(std::log(800.0 + 400 * index), 1.5);
  for (int i = 0; i < n; ++i) {
    const auto v = static_cast<std::int64_t>(dist(rng));
    r.latency.record(v);
    all.record(v);
    r.ulatency.record(v / 2);
    uall.record(v / 2);
    r.send_delay.record(3);
    r.gen_lag.record(1);
  }
  r.scheduled = r.issued = r.requests = r.ok = r.ok_completed = static_cast<std::uint64_t>(n);
  r.gen.intended_rps = 500;
  r.gen.achieved_rps = 499;
  r.gen.cpu_pct = 10 + index;
  r.timeline = {{0, 10, 10, 0, 100.0 * (index + 1), 300}, {1, 5, 4, 1, 50.0, 900 + index}};
  return r;
}

TEST(LoadMerge, TwoSegmentsGiveThePercentilesOfOneHistogramOfBothSampleSets) {
  Histogram all, uall;
  auto a = segment(0, 7, 30000, all, uall);
  auto b = segment(1, 8, 20000, all, uall);
  b.errors.read = 3;
  b.errors.status = 2;
  b.errors.by_status[503] = 2;
  a.censored = a.in_flight_end = 4;
  b.censored = 1;
  b.not_issued_end = 1;
  const LoadResult m = merge_results({a, b});
  for (double p : kPercentiles) {
    EXPECT_EQ(m.latency.percentile(p), all.percentile(p)) << "corrected p" << p;
    EXPECT_EQ(m.ulatency.percentile(p), uall.percentile(p)) << "uncorrected p" << p;
  }
  EXPECT_EQ(m.latency.count(), 50000u);
  EXPECT_DOUBLE_EQ(m.latency.mean(), all.mean());
  EXPECT_EQ(m.latency.max(), all.max());
  EXPECT_EQ(m.ok, 50000u);
  EXPECT_EQ(m.errors.read, 3u);
  EXPECT_EQ(m.errors.status, 2u);
  EXPECT_EQ(m.errors.by_status.at(503), 2u);
  EXPECT_EQ(m.censored, 5u);
  EXPECT_EQ(m.in_flight_end, 4u);
  EXPECT_EQ(m.not_issued_end, 1u);
  EXPECT_EQ(m.generators, 2);
  EXPECT_DOUBLE_EQ(m.config.rate_rps, 1000);
  EXPECT_EQ(m.config.connections, 8);
  EXPECT_DOUBLE_EQ(m.gen.intended_rps, 1000);
  EXPECT_DOUBLE_EQ(m.gen.achieved_rps, 998);
  EXPECT_DOUBLE_EQ(m.gen.cpu_pct, 11);  // the busiest generator's
  EXPECT_NEAR(m.start_skew_s, 0.01, 1e-9);
  EXPECT_DOUBLE_EQ(m.throughput_rps(), 25000);  // 50000 answers over the 2 s window
  EXPECT_EQ(m.send_delay.count(), 50000u);
  EXPECT_FALSE(m.gen.bound);
  // Second 0: 10 ok at mean 100 and 10 ok at mean 200 -> 150.
  ASSERT_EQ(m.timeline.size(), 2u);
  EXPECT_EQ(m.timeline[0].requests, 20u);
  EXPECT_DOUBLE_EQ(m.timeline[0].lat_mean_us, 150.0);
  EXPECT_EQ(m.timeline[1].lat_max_us, 901);
}

TEST(LoadMerge, ABoundGeneratorMakesTheMergeBoundAndSaysWhich) {
  Histogram all, uall;
  auto a = segment(0, 1, 100, all, uall);
  auto b = segment(1, 2, 100, all, uall);
  b.gen.bound = true;
  b.gen.reason = "generator CPU 95% of its 1 thread(s) (>= 90%)";
  const LoadResult m = merge_results({a, b});
  EXPECT_TRUE(m.gen.bound);
  EXPECT_EQ(m.gen.reason, "segment 2/2: generator CPU 95% of its 1 thread(s) (>= 90%)");
}

TEST(LoadMerge, RefusesMixedLoopsRepeatedSegmentsAndNothing) {
  Histogram all, uall;
  auto a = segment(0, 1, 10, all, uall);
  auto b = segment(1, 2, 10, all, uall);
  EXPECT_THROW(merge_results({}), std::invalid_argument);
  EXPECT_THROW(merge_results({a, a}), std::invalid_argument);
  b.loop = "closed";
  EXPECT_THROW(merge_results({a, b}), std::invalid_argument);
  b.loop = "open";
  b.config.segment_count = 3;
  EXPECT_THROW(merge_results({a, b}), std::invalid_argument);
}

TEST(LoadMerge, TheHistogramLogRoundTripsEveryFigureExactly) {
  Histogram all, uall;
  auto a = segment(1, 3, 5000, all, uall);
  a.errors.timeout = 7;
  a.errors.by_status[500] = 1;
  a.queue.record(12);
  a.latency.record(Histogram::kHighest + 5);  // clamped, and still counted as such
  a.gen.bound = true;
  a.gen.reason = "achieved 10 of 500 req/s with connections free (< 97%)";
  a.config.request.values["iters"] = "1000";
  std::stringstream s;
  write_result_log(s, a);
  const LoadResult b = read_result_log(s, "a.hlog");
  for (double p : kPercentiles) EXPECT_EQ(b.latency.percentile(p), a.latency.percentile(p)) << p;
  EXPECT_EQ(b.latency.slot_counts(), a.latency.slot_counts());
  EXPECT_EQ(b.ulatency.slot_counts(), a.ulatency.slot_counts());
  EXPECT_EQ(b.queue.count(), 1u);
  EXPECT_DOUBLE_EQ(b.latency.mean(), a.latency.mean());
  EXPECT_DOUBLE_EQ(b.latency.stdev(), a.latency.stdev());
  EXPECT_EQ(b.latency.min(), a.latency.min());
  EXPECT_EQ(b.lat_clamped, 1u);
  EXPECT_EQ(b.errors.timeout, 7u);
  EXPECT_EQ(b.errors.by_status.at(500), 1u);
  EXPECT_EQ(b.config.segment_index, 1);
  EXPECT_EQ(b.config.request.values.at("iters"), "1000");
  EXPECT_TRUE(b.gen.bound);
  EXPECT_EQ(b.gen.reason, a.gen.reason);
  EXPECT_DOUBLE_EQ(b.window_start_unix, a.window_start_unix);
  ASSERT_EQ(b.timeline.size(), 2u);
  EXPECT_EQ(b.timeline[1].lat_max_us, 901);
}

std::string without_line(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string out, line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) != 0) out += line + "\n";
  return out;
}

TEST(LoadMerge, ABadLogIsRefusedWithTheFileAndTheReason) {
  Histogram all, uall;
  std::stringstream s;
  write_result_log(s, segment(0, 1, 100, all, uall));
  const std::string good = s.str();
  auto error_of = [](const std::string& text) {
    std::istringstream in(text);
    try {
      read_result_log(in, "x.hlog");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of(without_line(good, "#[gilbench-result")),
            "x.hlog: no #[gilbench-result: ...] line (not written by gilbench load --hist-log)");
  EXPECT_EQ(error_of(without_line(good, "Tag=ulatency")), "x.hlog: no Tag=ulatency histogram");
  std::string corrupt = good;
  corrupt.replace(corrupt.find("HISTF"), 5, "HISTX");
  EXPECT_EQ(error_of(corrupt), "x.hlog: line 7: histogram: not a V2 compressed histogram");
  std::string junk = good;
  junk.replace(junk.find("HISTF"), 5, "HI!TF");
  EXPECT_EQ(error_of(junk), "x.hlog: line 7: histogram: not base64");
  EXPECT_EQ(error_of(good + "0.0,1.0,2.0,HISTFAAA\n"),
            "x.hlog: line 16: an interval without a Tag= (not written by gilbench load)");
}

TEST(LoadSegment, SplitsTheRateEvenlyAndTheConnectionsWithTheRemainderFirst) {
  LoadConfig c;
  c.rate_rps = 900;
  c.connections = 10;
  c.threads = 1;
  c.segment_count = 3;
  int total = 0;
  for (int i = 0; i < 3; ++i) {
    c.segment_index = i;
    const LoadConfig s = segment_share(c);
    EXPECT_DOUBLE_EQ(s.rate_rps, 300);
    EXPECT_EQ(s.connections, i == 0 ? 4 : 3);
    total += s.connections;
  }
  EXPECT_EQ(total, 10);
  c.threads = 4;
  EXPECT_THROW(segment_share(c), std::invalid_argument);  // 3 connections for 4 threads
  c.threads = 1;
  c.segment_index = 3;
  EXPECT_THROW(segment_share(c), std::invalid_argument);
}

}  // namespace
}  // namespace gilbench::load
