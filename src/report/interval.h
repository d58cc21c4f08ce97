// The intervals behind the verdicts (docs/methodology.md, "Statistics"):
// Student-t intervals of a linear contrast of group means, paired by round
// when the groups share their rounds (a drift shared by a round cancels),
// else Welch–Satterthwaite; a ratio is the contrast of log values; several
// runs combine as a t interval over the runs' estimates. Pure functions.
#pragma once

#include <string>
#include <vector>

namespace gilbench::report::stats {

// One repetition of a cell: its round (the `rep` column) and its value.
struct Obs {
  int round = 0;
  double value = 0;
};
using Group = std::vector<Obs>;

enum class Method { paired, welch, runs };
std::string to_string(Method m);  // "paired t over rounds", "Welch t", "t over runs"

struct TInterval {
  double estimate = 0, lo = 0, hi = 0;
  double level = 0.95;
  double df = 0;  // degrees of freedom of the t quantile (infinity when the spread is 0)
  int n = 0;      // rounds paired, or runs; for Welch the smallest group's size
  Method method = Method::paired;
};

// Smallest number of rounds the paired path needs; below it, or when the
// groups share fewer rounds, each group needs 2 values for Welch.
inline constexpr int kMinPaired = 3;

// sum_g coef[g] * mean(group g) with its t interval at `level`. Paired when
// every group has one value in each of at least kMinPaired shared rounds
// (the rounds some groups lack are left out); else the groups' means with
// Welch–Satterthwaite degrees of freedom. Throws std::invalid_argument when
// neither is possible (a group with fewer than 2 values) or sizes differ.
TInterval contrast(const std::vector<Group>& groups, const std::vector<double>& coef, double level);

// A / B: the contrast ln A - ln B, exponentiated. Values must be > 0.
TInterval ratio(const Group& a, const Group& b, double level);

// Each group's value divided by the same round's value of `per` (a cost per
// answered request: one repetition's CPU over its own throughput); rounds
// missing from either are left out.
Group per_round(const Group& value, const Group& per);
Group logs(const Group& g);

// Several runs' estimates (on the contrast's scale: logs for ratios) as
// mean ± t(level, k-1) sd / sqrt(k). Needs k >= 2.
TInterval across_runs(const std::vector<double>& estimates, double level);

// The two-sided Student-t quantile t((1+level)/2, df) (Boost.Math).
double t_quantile(double level, double df);

}  // namespace gilbench::report::stats
