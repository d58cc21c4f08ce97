// The generator_bound rule and failure_share on constructed results: no
// network, exact expected values.
#include <gtest/gtest.h>

#include "load/generator_check.h"

namespace gilbench::load {
namespace {

// An open-loop result at 1000 req/s that the generator kept: latency p50
// 1000 us, own lag p50 2 us, CPU 10%.
LoadResult healthy_open() {
  LoadResult r;
  r.config.threads = 2;
  r.config.rate_rps = 1000;
  r.loop = "open";
  r.gen.intended_rps = 1000;
  r.gen.achieved_rps = 1000;
  r.gen.cpu_pct = 10;
  for (int i = 0; i < 100; ++i) {
    r.latency.record(1000);
    r.gen_lag.record(2);
  }
  return r;
}

TEST(GeneratorCheck, HealthyRunIsNotBound) {
  LoadResult r = healthy_open();
  judge_generator(r);
  EXPECT_FALSE(r.gen.bound);
  EXPECT_EQ(r.gen.reason, "");
}

TEST(GeneratorCheck, CpuAtNinetyPercentIsBound) {
  LoadResult r = healthy_open();
  r.gen.cpu_pct = 89.9;
  judge_generator(r);
  EXPECT_FALSE(r.gen.bound);
  r.gen.cpu_pct = 90;
  judge_generator(r);
  EXPECT_TRUE(r.gen.bound);
  EXPECT_EQ(r.gen.reason, "generator CPU 90% of its 2 thread(s) (>= 90%)");
}

TEST(GeneratorCheck, ShortfallWithFreeConnectionsIsBoundButNotWhenStarved) {
  LoadResult r = healthy_open();
  r.gen.achieved_rps = 971;  // 97.1%: kept
  judge_generator(r);
  EXPECT_FALSE(r.gen.bound);
  r.gen.achieved_rps = 960;
  judge_generator(r);
  EXPECT_TRUE(r.gen.bound);
  EXPECT_EQ(r.gen.reason, "achieved 960 of 1000 req/s with connections free (< 97%)");
  // The same shortfall while requests waited for a connection is the
  // target's (or -c's): visible in the corrected latency, not the generator's.
  r.starved = 5;
  judge_generator(r);
  EXPECT_FALSE(r.gen.bound);
}

TEST(GeneratorCheck, OwnLagAQuarterOfTheMedianIsBoundAboveTheFloor) {
  LoadResult r = healthy_open();
  r.gen_lag.reset();
  for (int i = 0; i < 100; ++i) r.gen_lag.record(250);  // 25% of 1000 us
  judge_generator(r);
  EXPECT_TRUE(r.gen.bound);
  EXPECT_EQ(r.gen.reason, "own send lag p50 250 us is 25% of latency p50 1000 us (>= 25%)");
  // A fast target: 19 us of lag is half of a 38 us median, but below the
  // floor it is timer noise, not a bottleneck.
  LoadResult fast = healthy_open();
  fast.latency.reset();
  fast.gen_lag.reset();
  for (int i = 0; i < 100; ++i) fast.latency.record(38), fast.gen_lag.record(19);
  judge_generator(fast);
  EXPECT_FALSE(fast.gen.bound);
}

TEST(GeneratorCheck, ClosedLoopUsesTheCpuRuleOnly) {
  LoadResult r;
  r.loop = "closed";
  r.config.threads = 1;
  r.gen.achieved_rps = 10;  // no intended rate to fall short of
  r.gen.cpu_pct = 50;
  judge_generator(r);
  EXPECT_FALSE(r.gen.bound);
  r.gen.cpu_pct = 99;
  judge_generator(r);
  EXPECT_TRUE(r.gen.bound);
}

TEST(GeneratorCheck, SeveralReasonsAreJoinedWithoutCommas) {
  LoadResult r = healthy_open();
  r.gen.cpu_pct = 95;
  r.gen.achieved_rps = 500;
  judge_generator(r);
  EXPECT_TRUE(r.gen.bound);
  EXPECT_EQ(r.gen.reason.find(','), std::string::npos) << r.gen.reason;
  EXPECT_NE(r.gen.reason.find("; achieved 500"), std::string::npos) << r.gen.reason;
}

TEST(FailureShare, CountsEveryClassOverScheduled) {
  LoadResult r;
  r.scheduled = 1000;
  EXPECT_DOUBLE_EQ(r.failure_share(), 0.0);
  r.errors.connect = 1;
  r.errors.read = 2;
  r.errors.write = 3;
  r.errors.timeout = 4;
  r.errors.status = 5;
  r.censored = 6;
  EXPECT_DOUBLE_EQ(r.failure_share(), 21.0 / 1000);
  LoadResult none;
  EXPECT_DOUBLE_EQ(none.failure_share(), 0.0);
  none.errors.connect = 3;  // nothing could even be sent
  EXPECT_DOUBLE_EQ(none.failure_share(), 1.0);
}

}  // namespace
}  // namespace gilbench::load
