#include "report/interval.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

namespace gilbench::report::stats {

namespace {
struct Moments {
  double mean = 0, var = 0;  // var: the unbiased sample variance
  int n = 0;
};

Moments moments(const std::vector<double>& v) {
  Moments m;
  m.n = static_cast<int>(v.size());
  for (double x : v) m.mean += x / m.n;
  for (double x : v) m.var += (x - m.mean) * (x - m.mean);
  m.var = m.n > 1 ? m.var / (m.n - 1) : 0;
  return m;
}

TInterval make(double est, double se, double df, double level, int n, Method method) {
  TInterval t;
  t.estimate = est;
  t.level = level;
  t.df = se > 0 ? df : std::numeric_limits<double>::infinity();
  t.n = n;
  t.method = method;
  double half = se > 0 ? t_quantile(level, df) * se : 0;
  t.lo = est - half;
  t.hi = est + half;
  return t;
}

// Rounds in which every group has exactly one value.
std::set<int> shared_rounds(const std::vector<Group>& groups) {
  std::set<int> out;
  bool first = true;
  for (auto& g : groups) {
    std::map<int, int> count;
    for (auto& o : g) ++count[o.round];
    std::set<int> mine;
    for (auto& [r, c] : count)
      if (c == 1 && (first || out.count(r))) mine.insert(r);
    out = std::move(mine);
    first = false;
  }
  return out;
}
}  // namespace

std::string to_string(Method m) {
  switch (m) {
    case Method::paired: return "paired t over rounds";
    case Method::welch: return "Welch t";
    case Method::runs: return "t over runs";
  }
  return "?";
}

double t_quantile(double level, double df) {
  boost::math::students_t t(df);
  return boost::math::quantile(boost::math::complement(t, (1 - level) / 2));
}

TInterval contrast(const std::vector<Group>& groups, const std::vector<double>& coef, double level) {
  if (groups.empty() || groups.size() != coef.size()) throw std::invalid_argument("contrast: groups and coefficients differ");
  auto rounds = shared_rounds(groups);
  if (static_cast<int>(rounds.size()) >= kMinPaired) {
    std::vector<double> d;  // the contrast within each shared round
    for (int r : rounds) {
      double s = 0;
      for (std::size_t g = 0; g < groups.size(); ++g)
        for (auto& o : groups[g])
          if (o.round == r) s += coef[g] * o.value;
      d.push_back(s);
    }
    auto m = moments(d);
    return make(m.mean, std::sqrt(m.var / m.n), m.n - 1, level, m.n, Method::paired);
  }
  double est = 0, var = 0, denom = 0;
  int smallest = std::numeric_limits<int>::max();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<double> v;
    for (auto& o : groups[g]) v.push_back(o.value);
    if (v.size() < 2) throw std::invalid_argument("contrast: a group has fewer than 2 values");
    auto m = moments(v);
    double term = coef[g] * coef[g] * m.var / m.n;  // this group's share of the variance
    est += coef[g] * m.mean;
    var += term;
    denom += term * term / (m.n - 1);
    smallest = std::min(smallest, m.n);
  }
  double df = denom > 0 ? var * var / denom : std::numeric_limits<double>::infinity();
  return make(est, std::sqrt(var), df, level, smallest, Method::welch);
}

Group logs(const Group& g) {
  Group out;
  for (auto& o : g) {
    if (!(o.value > 0)) throw std::invalid_argument("ratio: a value is not positive");
    out.push_back({o.round, std::log(o.value)});
  }
  return out;
}

TInterval ratio(const Group& a, const Group& b, double level) {
  auto t = contrast({logs(a), logs(b)}, {1, -1}, level);
  t.estimate = std::exp(t.estimate);
  t.lo = std::exp(t.lo);
  t.hi = std::exp(t.hi);
  return t;
}

Group per_round(const Group& value, const Group& per) {
  Group out;
  for (auto& v : value)
    for (auto& p : per)
      if (p.round == v.round && p.value > 0) out.push_back({v.round, v.value / p.value});
  return out;
}

TInterval across_runs(const std::vector<double>& estimates, double level) {
  if (estimates.size() < 2) throw std::invalid_argument("across runs: needs 2 or more runs");
  auto m = moments(estimates);
  return make(m.mean, std::sqrt(m.var / m.n), m.n - 1, level, m.n, Method::runs);
}

}  // namespace gilbench::report::stats
