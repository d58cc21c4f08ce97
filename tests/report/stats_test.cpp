// The statistics of the verdicts checked against values computed here by
// other means: every ordered bootstrap resample enumerated (n^n per sample),
// binomial sums for the median of an odd sample, and a least-squares fit
// worked by hand with Student's t from a printed table.
#include "report/stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gilbench::report::stats {
namespace {

// Every ordered resample of v (n^n of them, equally likely), as its median.
std::vector<double> all_resample_medians(const std::vector<double>& v) {
  const std::size_t n = v.size();
  std::size_t total = 1;
  for (std::size_t i = 0; i < n; ++i) total *= n;
  std::vector<double> out;
  for (std::size_t code = 0; code < total; ++code) {
    std::vector<double> r;
    for (std::size_t c = code, i = 0; i < n; ++i, c /= n) r.push_back(v[c % n]);
    std::sort(r.begin(), r.end());
    out.push_back(n % 2 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2);
  }
  return out;
}

// The q-quantile of equally likely values: the ceil(q*N)-th smallest.
double kth(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()) - 1e-9));
  return v[std::max<std::size_t>(k, 1) - 1];
}

// The ratio-of-medians interval by brute force: all (resample of a,
// resample of b) pairs.
std::pair<double, double> brute_ratio_interval(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> ratios;
  for (double ma : all_resample_medians(a))
    for (double mb : all_resample_medians(b)) ratios.push_back(ma / mb);
  return {kth(ratios, 0.025), kth(ratios, 0.975)};
}

TEST(Stats, MedianOfThreeResampledIsSevenThirteenSevenOver27) {
  // P(median = min) = P(at least two of three draws are the min): all three
  // (1 way) or exactly two (3 positions x 2 other values) = 7 of 27.
  auto d = median_distribution({30, 10, 20});
  ASSERT_EQ(d.size(), 3u);
  EXPECT_DOUBLE_EQ(d[0].first, 10);
  EXPECT_NEAR(d[0].second, 7.0 / 27, 1e-15);
  EXPECT_NEAR(d[1].second, 13.0 / 27, 1e-15);
  EXPECT_NEAR(d[2].second, 7.0 / 27, 1e-15);
}

TEST(Stats, MedianDistributionOfEvenSampleMatchesEnumeration) {
  std::vector<double> v = {4, 1, 9, 6};
  auto all = all_resample_medians(v);
  for (auto& [value, p] : median_distribution(v)) {
    double count = static_cast<double>(std::count(all.begin(), all.end(), value));
    EXPECT_NEAR(p, count / static_cast<double>(all.size()), 1e-12) << value;
  }
}

TEST(Stats, RatioIntervalEqualsBruteForceEnumerationThreeReps) {
  std::vector<double> a = {10, 12, 15}, b = {5, 6, 9};
  auto i = ratio_of_medians(a, b);
  EXPECT_TRUE(i.exact);
  EXPECT_DOUBLE_EQ(i.estimate, 2.0);
  auto [lo, hi] = brute_ratio_interval(a, b);
  EXPECT_DOUBLE_EQ(i.lo, lo);
  EXPECT_DOUBLE_EQ(i.hi, hi);
  // With three reps a side the extremes carry (7/27)^2 = 6.7% > 2.5%: the
  // interval is min(a)/max(b) .. max(a)/min(b).
  EXPECT_DOUBLE_EQ(i.lo, 10.0 / 9);
  EXPECT_DOUBLE_EQ(i.hi, 15.0 / 5);
}

TEST(Stats, RatioIntervalEqualsBruteForceEnumerationFiveAndFourReps) {
  std::vector<double> a = {101, 97, 120, 88, 104}, b = {50, 61, 47, 55};
  auto i = ratio_of_medians(a, b);
  EXPECT_TRUE(i.exact);
  auto [lo, hi] = brute_ratio_interval(a, b);
  EXPECT_DOUBLE_EQ(i.lo, lo);
  EXPECT_DOUBLE_EQ(i.hi, hi);
  EXPECT_GT(i.lo, 88.0 / 61);  // five reps: no longer the extreme ratio
  EXPECT_LT(i.hi, 120.0 / 47);
}

TEST(Stats, RatioOfRatiosOverFourSamplesEqualsBruteForce) {
  std::vector<std::vector<double>> s = {{8, 9, 10}, {4, 5, 4.5}, {3, 3.5, 2.5}, {3, 2.9, 3.2}};
  auto f = [](const std::vector<double>& m) { return (m[0] / m[1]) / (m[2] / m[3]); };
  auto i = bootstrap_medians(s, f);
  std::vector<double> all;
  auto m0 = all_resample_medians(s[0]), m1 = all_resample_medians(s[1]), m2 = all_resample_medians(s[2]),
       m3 = all_resample_medians(s[3]);
  for (double x0 : m0)
    for (double x1 : m1)
      for (double x2 : m2)
        for (double x3 : m3) all.push_back((x0 / x1) / (x2 / x3));
  EXPECT_DOUBLE_EQ(i.estimate, (9.0 / 4.5) / (3.0 / 3.0));
  EXPECT_DOUBLE_EQ(i.lo, kth(all, 0.025));
  EXPECT_DOUBLE_EQ(i.hi, kth(all, 0.975));
}

TEST(Stats, MonteCarloForLargeSamplesIsSeededAndNearTheBinomialQuantiles) {
  // Eleven values: beyond the exact path. The bootstrap median of an odd
  // sample is x_(k) with P(median <= x_(k)) = P(Binomial(n, k/n) >= (n+1)/2).
  std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  const int n = static_cast<int>(v.size());
  auto cdf = [&](int k) {
    double p = static_cast<double>(k) / n, sum = 0;
    for (int j = (n + 1) / 2; j <= n; ++j)
      sum +=
          std::tgamma(n + 1) / (std::tgamma(j + 1) * std::tgamma(n - j + 1)) * std::pow(p, j) * std::pow(1 - p, n - j);
    return sum;
  };
  auto i = bootstrap_medians({v}, [](const std::vector<double>& m) { return m[0]; });
  EXPECT_FALSE(i.exact);
  EXPECT_DOUBLE_EQ(i.estimate, 6);
  // The exact 2.5% and 97.5% quantiles, allowing the neighbour when its
  // cumulative probability is within Monte Carlo error (~0.002) of q.
  auto ok = [&](double got, double q) {
    for (int k = 1; k <= n; ++k)
      if (cdf(k) >= q - 0.005 && cdf(k - 1) <= q + 0.005 && got == v[static_cast<std::size_t>(k - 1)]) return true;
    return false;
  };
  EXPECT_TRUE(ok(i.lo, 0.025)) << i.lo;
  EXPECT_TRUE(ok(i.hi, 0.975)) << i.hi;
  auto again = bootstrap_medians({v}, [](const std::vector<double>& m) { return m[0]; });
  EXPECT_EQ(again.lo, i.lo);
  EXPECT_EQ(again.hi, i.hi);
}

TEST(Stats, BadSamplesThrow) {
  EXPECT_THROW(ratio_of_medians({}, {1}), std::invalid_argument);
  EXPECT_THROW(median({}), std::invalid_argument);
  EXPECT_THROW(least_squares({1, 1, 1}, {2, 3, 4}), std::invalid_argument);
  EXPECT_THROW(least_squares({1, 2}, {2, 3}), std::invalid_argument);
}

TEST(Stats, LeastSquaresSlopeAndStudentInterval) {
  // By hand: mean x 2.5, mean y 4.75, Sxx 5, Sxy 9.5 -> slope 1.9,
  // intercept 0; residuals 0.1 0.2 -0.7 0.4 -> SSE 0.70; se = sqrt(0.7/2/5);
  // t(0.975, 2 df) = 4.302653 (printed tables).
  auto fit = least_squares({1, 2, 3, 4}, {2, 4, 5, 8});
  EXPECT_NEAR(fit.slope, 1.9, 1e-12);
  EXPECT_NEAR(fit.intercept, 0.0, 1e-12);
  EXPECT_EQ(fit.n, 4);
  double half = 4.302653 * std::sqrt(0.07);
  EXPECT_NEAR(fit.lo, 1.9 - half, 1e-5);
  EXPECT_NEAR(fit.hi, 1.9 + half, 1e-5);
}

}  // namespace
}  // namespace gilbench::report::stats
