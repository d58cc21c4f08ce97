// Statistics behind the verdicts (docs/methodology.md, "Statistics"):
// percentile-bootstrap confidence intervals of statistics of medians (a
// ratio of medians, a ratio of ratios), and a least-squares slope with a
// Student-t interval. Pure functions, deterministic for the same input.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace gilbench::report::stats {

double median(std::vector<double> v);  // throws std::invalid_argument if empty

struct Interval {
  double estimate = 0;    // the statistic of the observed samples
  double lo = 0, hi = 0;  // percentile-bootstrap interval at the requested level
  bool exact = false;     // true: every bootstrap resample enumerated; false: Monte Carlo
};

// A statistic of the medians of several samples, e.g. m[0] / m[1].
using OfMedians = std::function<double(const std::vector<double>& medians)>;

// Samples of at most this many values get the exact bootstrap distribution
// (every resample, weighted by its multinomial probability); larger ones
// are resampled kResamples times from a fixed seed.
inline constexpr std::size_t kExactMaxN = 8;
inline constexpr int kResamples = 10000;
inline constexpr std::uint64_t kSeed = 0x6762656e6368ULL;  // "gbench"

// Percentile bootstrap of f(medians): each sample is resampled with
// replacement, independently (the samples are independent repetitions of
// different cells), f is applied to the resampled medians, and the interval
// is the (1-level)/2 and (1+level)/2 quantiles of that distribution
// (quantile q = the smallest value whose cumulative probability reaches q).
// Throws std::invalid_argument if a sample is empty.
Interval bootstrap_medians(const std::vector<std::vector<double>>& samples, const OfMedians& f, double level = 0.95,
                           std::uint64_t seed = kSeed);

// median(a) / median(b) with its 95% percentile-bootstrap interval.
Interval ratio_of_medians(const std::vector<double>& a, const std::vector<double>& b);

// The exact bootstrap distribution of a sample's median: (value, probability)
// pairs sorted by value, probabilities summing to 1. Needs v.size() <= kExactMaxN.
std::vector<std::pair<double, double>> median_distribution(const std::vector<double>& v);

// Ordinary least squares y = intercept + slope * x, with the slope's
// interval slope ± t(level, n-2) * se. Throws std::invalid_argument with
// fewer than 3 points or a single distinct x.
struct Fit {
  double slope = 0, intercept = 0, lo = 0, hi = 0;
  int n = 0;
};
Fit least_squares(const std::vector<double>& x, const std::vector<double>& y, double level = 0.95);

}  // namespace gilbench::report::stats
