#include "load/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace gilbench::load {
namespace {

// Nearest-rank percentile of sorted data, the definition Histogram follows.
std::int64_t exact_percentile(const std::vector<std::int64_t>& sorted, double p) {
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size()) - 1e-9));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

void expect_close(std::int64_t got, std::int64_t want, const char* what, double p) {
  const double tolerance = std::max(0.001 * static_cast<double>(want), 0.0);
  EXPECT_LE(std::abs(static_cast<double>(got - want)), tolerance)
      << what << " p" << p << ": histogram " << got << " vs exact " << want;
}

const double kPercentiles[] = {0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100};

TEST(Histogram, PercentilesMatchExactWithin0_1PercentOnLogNormalData) {
  std::mt19937_64 rng(42);
  // Spans ~10 µs .. ~10 s: every bucket magnitude of interest.
  std::lognormal_distribution<double> dist(std::log(2000.0), 2.0);
  std::vector<std::int64_t> values;
  Histogram h;
  for (int i = 0; i < 200000; ++i) {
    const auto v = std::clamp<std::int64_t>(static_cast<std::int64_t>(dist(rng)), 1, Histogram::kHighest);
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  ASSERT_EQ(h.count(), values.size());
  for (double p : kPercentiles) expect_close(h.percentile(p), exact_percentile(values, p), "lognormal", p);
  EXPECT_EQ(h.min(), values.front());
  EXPECT_EQ(h.max(), values.back());
  EXPECT_EQ(h.clamped(), 0u);
}

TEST(Histogram, PercentilesMatchExactOnUniformWideRange) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> dist(1, Histogram::kHighest);
  std::vector<std::int64_t> values;
  Histogram h;
  for (int i = 0; i < 100000; ++i) {
    values.push_back(dist(rng));
    h.record(values.back());
  }
  std::sort(values.begin(), values.end());
  for (double p : kPercentiles) expect_close(h.percentile(p), exact_percentile(values, p), "uniform", p);
}

TEST(Histogram, SmallValuesAreExact) {
  Histogram h;
  for (std::int64_t v = 0; v < 2048; ++v) h.record(v);
  EXPECT_EQ(h.percentile(50), 1023);
  EXPECT_EQ(h.percentile(100), 2047);
  EXPECT_EQ(h.percentile(0), 0);
}

TEST(Histogram, MeanAndStdevAreExact) {
  Histogram h;
  for (std::int64_t v : {100, 200, 300, 400, 500}) h.record(v);
  EXPECT_DOUBLE_EQ(h.mean(), 300.0);
  EXPECT_NEAR(h.stdev(), std::sqrt(20000.0), 1e-9);  // population stdev
}

TEST(Histogram, MergeEqualsRecordingEverythingInOne) {
  std::mt19937_64 rng(3);
  std::exponential_distribution<double> dist(1.0 / 5000);
  Histogram a, b, all;
  for (int i = 0; i < 50000; ++i) {
    const auto v = static_cast<std::int64_t>(dist(rng));
    (i % 3 ? a : b).record(v);
    all.record(v);
  }
  Histogram merged;
  merged.merge(a);
  merged.merge(b);
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_EQ(merged.min(), all.min());
  EXPECT_EQ(merged.max(), all.max());
  EXPECT_NEAR(merged.mean(), all.mean(), 1e-6);
  EXPECT_NEAR(merged.stdev(), all.stdev(), 1e-6);
  for (double p : kPercentiles) EXPECT_EQ(merged.percentile(p), all.percentile(p)) << p;
}

TEST(Histogram, EdgeValuesOneMicrosecondAndSixtySeconds) {
  Histogram h;
  h.record(1);
  h.record(Histogram::kHighest);
  EXPECT_EQ(h.percentile(50), 1);
  EXPECT_EQ(h.percentile(100), Histogram::kHighest);
  EXPECT_EQ(h.min(), 1);
  EXPECT_EQ(h.max(), Histogram::kHighest);
  EXPECT_EQ(h.clamped(), 0u);
}

TEST(Histogram, OutOfRangeIsClampedAndCounted) {
  Histogram h;
  h.record(Histogram::kHighest + 1);
  h.record(3'600'000'000);  // an hour
  h.record(-5);
  h.record(10);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.clamped(), 3u);
  EXPECT_EQ(h.max(), Histogram::kHighest);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.percentile(100), Histogram::kHighest);
}

TEST(Histogram, EmptyReportsZeros) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.percentile(99), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.mean(), 0.0);
}

TEST(Histogram, MemoryDoesNotDependOnCount) {
  // 3 significant digits over 0..60 s fits in 17 half-buckets of 1024 slots.
  EXPECT_EQ(Histogram::bucket_slots(), 17u * 1024u);
  Histogram h;
  h.record_n(12345, 1'000'000'000'000ULL);
  EXPECT_EQ(h.count(), 1'000'000'000'000ULL);
  EXPECT_NEAR(static_cast<double>(h.percentile(50)), 12345, 12345 * 0.001);
}

TEST(Histogram, ResetEmptiesIt) {
  Histogram h;
  h.record(500);
  h.reset();
  EXPECT_EQ(h.count(), 0u);
  h.record(7);
  EXPECT_EQ(h.percentile(50), 7);
  EXPECT_EQ(h.min(), 7);
}

}  // namespace
}  // namespace gilbench::load
