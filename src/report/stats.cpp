#include "report/stats.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/factorials.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <map>
#include <stdexcept>

namespace gilbench::report::stats {

namespace {
// Above this many combinations of the samples' median distributions the
// exact path would be slow; Monte Carlo takes over.
constexpr double kMaxCombos = 2e6;

double sorted_median(const std::vector<double>& s) {
  auto h = s.size() / 2;
  return s.size() % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

void check(const std::vector<std::vector<double>>& samples) {
  if (samples.empty()) throw std::invalid_argument("bootstrap: no samples");
  for (auto& s : samples)
    if (s.empty()) throw std::invalid_argument("bootstrap: an empty sample");
}

// Quantile of a discrete distribution given as (value, weight), weights
// summing to 1: the smallest value whose cumulative weight reaches q. The
// small tolerance keeps a cumulative 0.025 from summing to 0.0249999.
std::pair<double, double> quantiles(std::vector<std::pair<double, double>> d, double qlo, double qhi) {
  std::sort(d.begin(), d.end());
  double lo = d.back().first, hi = d.back().first, cum = 0;
  bool have_lo = false;
  for (auto& [v, w] : d) {
    cum += w;
    if (!have_lo && cum >= qlo - 1e-12) {
      lo = v;
      have_lo = true;
    }
    if (cum >= qhi - 1e-12) {
      hi = v;
      break;
    }
  }
  return {lo, hi};
}

std::vector<std::pair<double, double>> exact(const std::vector<std::vector<double>>& samples, const OfMedians& f) {
  std::vector<std::vector<std::pair<double, double>>> dists;
  for (auto& s : samples) dists.push_back(median_distribution(s));
  std::vector<std::pair<double, double>> out;
  std::vector<std::size_t> idx(dists.size(), 0);
  std::vector<double> m(dists.size());
  for (;;) {  // mixed-radix counter over every combination of medians
    double w = 1;
    for (std::size_t i = 0; i < dists.size(); ++i) {
      m[i] = dists[i][idx[i]].first;
      w *= dists[i][idx[i]].second;
    }
    out.emplace_back(f(m), w);
    std::size_t i = 0;
    while (i < idx.size() && ++idx[i] == dists[i].size()) idx[i++] = 0;
    if (i == idx.size()) break;
  }
  return out;
}

std::vector<std::pair<double, double>> monte_carlo(const std::vector<std::vector<double>>& samples, const OfMedians& f,
                                                   std::uint64_t seed) {
  // Boost.Random, not <random>: its distributions give the same draws with
  // every standard library, so an interval is reproducible anywhere.
  boost::random::mt19937_64 rng(seed);
  std::vector<std::pair<double, double>> out;
  out.reserve(kResamples);
  std::vector<double> m(samples.size()), r;
  for (int k = 0; k < kResamples; ++k) {
    for (std::size_t i = 0; i < samples.size(); ++i) {
      auto& s = samples[i];
      boost::random::uniform_int_distribution<std::size_t> pick(0, s.size() - 1);
      r.resize(s.size());
      for (auto& x : r) x = s[pick(rng)];
      std::sort(r.begin(), r.end());
      m[i] = sorted_median(r);
    }
    out.emplace_back(f(m), 1.0 / kResamples);
  }
  return out;
}
}  // namespace

double median(std::vector<double> v) {
  if (v.empty()) throw std::invalid_argument("median of an empty sample");
  std::sort(v.begin(), v.end());
  return sorted_median(v);
}

std::vector<std::pair<double, double>> median_distribution(const std::vector<double>& v) {
  if (v.empty() || v.size() > kExactMaxN) throw std::invalid_argument("median_distribution: need 1..8 values");
  std::vector<double> s = v;
  std::sort(s.begin(), s.end());
  const auto n = static_cast<unsigned>(s.size());
  // Every multiset of n draws from the n values, as counts per value; its
  // probability is the multinomial n! / prod(c_i!) / n^n.
  const double norm = boost::math::factorial<double>(n) / std::pow(static_cast<double>(n), n);
  std::map<double, double> dist;
  std::vector<unsigned> c(n, 0);
  std::vector<double> draw;
  auto visit = [&](auto& self, unsigned i, unsigned left) -> void {
    if (i + 1 == n) {
      c[i] = left;
      double w = norm;
      draw.clear();
      for (unsigned j = 0; j < n; ++j) {
        w /= boost::math::factorial<double>(c[j]);
        draw.insert(draw.end(), c[j], s[j]);
      }
      dist[sorted_median(draw)] += w;
      return;
    }
    for (unsigned k = 0; k <= left; ++k) {
      c[i] = k;
      self(self, i + 1, left - k);
    }
  };
  visit(visit, 0, n);
  return {dist.begin(), dist.end()};
}

Interval bootstrap_medians(const std::vector<std::vector<double>>& samples, const OfMedians& f, double level,
                           std::uint64_t seed) {
  check(samples);
  Interval out;
  std::vector<double> m;
  for (auto& s : samples) m.push_back(median(s));
  out.estimate = f(m);
  double combos = 1;
  bool small = true;
  for (auto& s : samples) {
    small = small && s.size() <= kExactMaxN;
    combos *= static_cast<double>(s.size() * (s.size() + 1) / 2);  // bound on a median's support
  }
  out.exact = small && combos <= kMaxCombos;
  auto dist = out.exact ? exact(samples, f) : monte_carlo(samples, f, seed);
  std::tie(out.lo, out.hi) = quantiles(std::move(dist), (1 - level) / 2, (1 + level) / 2);
  return out;
}

Interval ratio_of_medians(const std::vector<double>& a, const std::vector<double>& b) {
  return bootstrap_medians({a, b}, [](const std::vector<double>& m) { return m[0] / m[1]; });
}

Fit least_squares(const std::vector<double>& x, const std::vector<double>& y, double level) {
  if (x.size() != y.size() || x.size() < 3) throw std::invalid_argument("least squares: need 3 or more (x, y) points");
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (sxx <= 0) throw std::invalid_argument("least squares: x takes a single value");
  Fit fit;
  fit.n = static_cast<int>(x.size());
  fit.slope = sxy / sxx;
  fit.intercept = my - fit.slope * mx;
  double sse = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    double e = y[i] - fit.intercept - fit.slope * x[i];
    sse += e * e;
  }
  double se = std::sqrt(sse / (n - 2) / sxx);
  boost::math::students_t t(n - 2);
  double half = boost::math::quantile(boost::math::complement(t, (1 - level) / 2)) * se;
  fit.lo = fit.slope - half;
  fit.hi = fit.slope + half;
  return fit;
}

}  // namespace gilbench::report::stats
