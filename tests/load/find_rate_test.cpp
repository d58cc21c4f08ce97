// --find-rate's SLO parser and its search, against a fake target whose
// capacity is known exactly (a probe runner behind FindRateOptions::run).
#include <gtest/gtest.h>

#include <sstream>

#include "load/find_rate.h"

namespace gilbench::load {
namespace {

TEST(Slo, ParsesQuantileAndUnits) {
  Slo s = parse_slo("p99=50ms");
  EXPECT_DOUBLE_EQ(s.quantile, 99);
  EXPECT_DOUBLE_EQ(s.limit_us, 50'000);
  s = parse_slo("p50=2ms");
  EXPECT_DOUBLE_EQ(s.quantile, 50);
  EXPECT_DOUBLE_EQ(s.limit_us, 2'000);
  s = parse_slo("p99.9=500us");
  EXPECT_DOUBLE_EQ(s.quantile, 99.9);
  EXPECT_DOUBLE_EQ(s.limit_us, 500);
  s = parse_slo("p90=1.5s");
  EXPECT_DOUBLE_EQ(s.limit_us, 1'500'000);
  EXPECT_EQ(to_string(parse_slo("p99=50ms")), "p99=50ms");
  EXPECT_EQ(to_string(parse_slo("p99.9=500us")), "p99.9=500us");
}

TEST(Slo, RejectsBadText) {
  for (const char* bad : {"", "p99", "99=50ms", "p99=50", "p99=50min", "p=5ms", "p100=5ms", "p0=5ms",
                          "pxx=5ms", "p99=-5ms", "p99=0ms", "p99=ms", "p99.9.9=1ms", "P99=5ms", "p99=61s"})
    EXPECT_THROW(parse_slo(bad), std::invalid_argument) << bad;
}

// A target that holds `capacity` req/s: below it the latency quantile is
// 10 ms, above it 1 s. The closed-loop probe reports the capacity as its
// throughput.
struct FakeTarget {
  double capacity = 200;
  std::vector<double> rates;  // rates probed, 0 for the closed loop
  LoadResult operator()(const LoadConfig& c) {
    rates.push_back(c.rate_rps);
    LoadResult r;
    r.config = c;
    r.loop = c.rate_rps > 0 ? "open" : "closed";
    r.duration_s = c.duration_s;
    r.scheduled = 1000;
    r.ok_completed = static_cast<std::uint64_t>((c.rate_rps > 0 ? std::min(c.rate_rps, capacity) : capacity) *
                                                c.duration_s);
    for (int i = 0; i < 1000; ++i) r.latency.record(c.rate_rps <= capacity ? 10'000 : 1'000'000);
    return r;
  }
};

FindRateOptions with(FakeTarget& t) {
  FindRateOptions o;
  o.run = [&t](const LoadConfig& c) { return t(c); };
  o.precision = 0.02;
  return o;
}

TEST(FindRate, BracketsFromAClosedLoopProbeAndBisectsToThePrecision) {
  FakeTarget t{.capacity = 200};
  std::ostringstream progress;
  const auto r = find_rate(LoadConfig{}, parse_slo("p99=50ms"), with(t), &progress);
  ASSERT_TRUE(r.found);
  EXPECT_LE(r.rate_rps, 200);
  EXPECT_GE(r.rate_rps, 200 / 1.02);
  EXPECT_GT(r.hi, 200);
  EXPECT_LE((r.hi - r.lo) / r.lo, 0.02);
  // Closed-loop start, then half its throughput (pass), double (fail), bisection.
  ASSERT_GE(t.rates.size(), 4u);
  EXPECT_EQ(t.rates[0], 0);
  EXPECT_EQ(t.rates[1], 100);
  EXPECT_EQ(t.rates[2], 200);
  EXPECT_EQ(t.rates[3], 400);
  ASSERT_EQ(r.probes.size(), t.rates.size());  // every probe listed
  EXPECT_EQ(r.probes[0].status, "start");
  EXPECT_EQ(r.probes[1].status, "pass");
  EXPECT_EQ(r.probes[3].status, "slo");
  EXPECT_DOUBLE_EQ(r.probes[3].quantile_us, 1'000'000);
  // One progress line per probe.
  const std::string lines = progress.str();
  EXPECT_EQ(static_cast<std::size_t>(std::count(lines.begin(), lines.end(), '\n')), r.probes.size());
}

TEST(FindRate, GivenBracketAndAPassingRateHi) {
  FakeTarget t{.capacity = 1000};
  FindRateOptions o = with(t);
  o.rate_lo = 50;
  o.rate_hi = 800;
  auto r = find_rate(LoadConfig{}, parse_slo("p50=20ms"), o, nullptr);
  EXPECT_TRUE(r.found);
  EXPECT_DOUBLE_EQ(r.rate_rps, 800);  // rate-hi passes: the answer is "at least that"
  EXPECT_EQ(t.rates, std::vector<double>{800});
  t.rates.clear();
  t.capacity = 300;
  r = find_rate(LoadConfig{}, parse_slo("p50=20ms"), o, nullptr);
  EXPECT_GE(r.rate_rps, 300 / 1.02);
  EXPECT_LE(r.rate_rps, 300);
  EXPECT_EQ(t.rates[0], 800);
  EXPECT_EQ(t.rates[1], 50);
}

TEST(FindRate, DegradedAndGeneratorBoundProbesFail) {
  FakeTarget t{.capacity = 1e9};
  auto faulty = [&t](const LoadConfig& c) {
    LoadResult r = t(c);
    if (c.rate_rps > 300) r.errors.status = 11;  // 1.1% of 1000: degraded
    if (c.rate_rps > 350) r.gen.bound = true, r.gen.reason = "generator CPU 95%";
    return r;
  };
  FindRateOptions o;
  o.run = faulty;
  o.rate_lo = 100;
  o.precision = 0.02;
  const auto r = find_rate(LoadConfig{}, parse_slo("p99=50ms"), o, nullptr);
  ASSERT_TRUE(r.found);
  EXPECT_LE(r.rate_rps, 300);
  EXPECT_GE(r.rate_rps, 300 / 1.02);
  bool saw_degraded = false, saw_bound = false;
  for (const auto& p : r.probes) {
    if (p.rate_rps > 350) EXPECT_EQ(p.status, "generator_bound");
    else if (p.rate_rps > 300) EXPECT_EQ(p.status, "degraded");
    else EXPECT_EQ(p.status, "pass");
    saw_degraded |= p.status == "degraded";
    saw_bound |= p.status == "generator_bound";
  }
  EXPECT_TRUE(saw_degraded);
  EXPECT_TRUE(saw_bound);
}

TEST(FindRate, NothingPassesAndBadOptions) {
  FakeTarget t{.capacity = 0.1};
  FindRateOptions o = with(t);
  o.rate_lo = 8;
  const auto r = find_rate(LoadConfig{}, parse_slo("p99=50ms"), o, nullptr);
  EXPECT_FALSE(r.found);
  EXPECT_EQ(r.note, "no rate passed");
  EXPECT_EQ(t.rates, (std::vector<double>{8, 4, 2, 1, 0.5}));
  o.rate_hi = 4;  // below rate_lo
  EXPECT_THROW(find_rate(LoadConfig{}, parse_slo("p99=50ms"), o, nullptr), std::invalid_argument);
  o = with(t);
  o.probe_s = 0;
  EXPECT_THROW(find_rate(LoadConfig{}, parse_slo("p99=50ms"), o, nullptr), std::invalid_argument);
}

TEST(FindRate, ProbesUseTheProbeWindowAndADrainAboveTheLimit) {
  FakeTarget t{.capacity = 100};
  FindRateOptions o = with(t);
  o.probe_s = 1.5;
  o.warmup_s = 0.25;
  std::vector<LoadConfig> seen;
  o.run = [&](const LoadConfig& c) {
    seen.push_back(c);
    return t(c);
  };
  LoadConfig base;
  base.max_requests = 77;
  find_rate(base, parse_slo("p99=200ms"), o, nullptr);
  ASSERT_FALSE(seen.empty());
  for (const auto& c : seen) {
    EXPECT_DOUBLE_EQ(c.duration_s, 1.5);
    EXPECT_DOUBLE_EQ(c.warmup_s, 0.25);
    EXPECT_EQ(c.max_requests, 0u);
    EXPECT_DOUBLE_EQ(c.drain_s, LoadConfig::kDefaultDrainS);  // a plain run's drain: above 1.5 x the limit
  }
  seen.clear();
  find_rate(base, parse_slo("p99=2s"), o, nullptr);
  ASSERT_FALSE(seen.empty());
  EXPECT_DOUBLE_EQ(seen.front().drain_s, 3.0);  // 1.5 x a limit above the default drain
}

// A target slower than the objective at every rate, whose probes are also
// censored and generator-bound: each probe fails on the SLO first, and
// names every other reason after it.
TEST(FindRate, AlwaysTooSlowFailsEveryProbeOnTheSloFirst) {
  FindRateOptions o;
  o.rate_lo = 8;
  o.run = [](const LoadConfig& c) {
    LoadResult r;
    r.config = c;
    r.loop = c.rate_rps > 0 ? "open" : "closed";
    r.duration_s = c.duration_s;
    r.scheduled = 8;
    r.ok = 7;
    r.censored = 1;  // 12.5%
    for (int i = 0; i < 8; ++i) r.latency.record(500'000);
    r.gen.bound = true;
    r.gen.reason = "achieved 2 of 2 req/s";
    return r;
  };
  const auto r = find_rate(LoadConfig{}, parse_slo("p99=50ms"), o, nullptr);
  EXPECT_FALSE(r.found);
  ASSERT_EQ(r.probes.size(), 5u);  // 8, 4, 2, 1, 0.5
  for (const auto& p : r.probes) {
    EXPECT_EQ(p.status, "slo");
    EXPECT_EQ(p.reason.rfind("p99 ", 0), 0u) << p.reason;  // the SLO reason first
    EXPECT_NE(p.reason.find(" us > 50000 us; generator_bound: achieved 2 of 2 req/s; degraded: 12.5% failed or censored"),
              std::string::npos)
        << p.reason;
  }
}

}  // namespace
}  // namespace gilbench::load
