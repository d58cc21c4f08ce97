// Verdicts on the three hypotheses of the plan, computed from aggregated
// points with the rules of docs/methodology.md ("The plan", "Verdict rules").
// Only gilbench targets decide a verdict; peers are context. Only ok,
// non-generator-bound repetitions enter a comparison (data.h aggregates so);
// a comparison with fewer than kMinReps such repetitions on either side is
// inconclusive, never decided.
#pragma once

#include <string>
#include <vector>

#include "report/data.h"

namespace gilbench::report {

// not_measured: the data a rule needs is absent (e.g. no python cells).
// inconclusive: the data is there but cannot decide (an interval crosses the
// threshold, or too few ok repetitions).
enum class Outcome { supported, not_supported, inconclusive, not_measured };
std::string to_string(Outcome o);  // "supported", "not supported", ...

// What a comparison claims about its interval (docs/methodology.md,
// "Equivalence and superiority"): beyond a threshold (95% interval; a
// superiority claim is a threshold of 1.0), or equivalence within
// [1 / threshold, threshold] (90% interval: two one-sided tests at 5%).
enum class Test { threshold, equivalence };

// One effect a verdict rests on: A against B on one metric.
struct Comparison {
  std::string what;       // "procs/python w4 vs threads/python w4: throughput, cpu iters=150000, c=16"
  double estimate = 0;    // effect size: ratio of medians (A/B), or a slope for fits
  double lo = 0, hi = 0;  // confidence interval of the estimate at `level`
  double level = 0.95;
  Test test = Test::threshold;
  // How the interval was formed: "paired t over rounds" or "Welch t" within
  // one run, "t over runs" across runs (stats::Method).
  std::string method;
  int runs = 1;  // runs behind the interval; 1: "within this run"
  // Each run's estimate (a ratio, or MiB/worker) when runs > 1.
  std::vector<double> run_estimates;
  // Why the comparison cannot decide whatever its interval (a degraded or
  // generator-bound repetition, failed requests under a tail, too few runs);
  // empty when it can. Names the cells.
  std::string gate;
  double threshold = 0;   // the rule's threshold for this comparison
  int n_a = 0, n_b = 0;   // ok repetitions behind each side (in the first run)
  std::string unit;       // "x" for ratios, "MiB/worker" for slopes
  // True when the claim is "estimate > threshold", false for "estimate < threshold".
  bool above = true;
  Outcome outcome = Outcome::not_measured;  // this comparison alone
  // The comparison in words with its figure, the clause an answer quotes,
  // e.g. "processes carry 1.81x (1.70–1.92) the throughput of threads".
  std::string phrase;
  // False for context shown beside the rule (e.g. async's scaling, fitted
  // memory slopes): its outcome never moves the verdict.
  bool decides = true;
};

struct Verdict {
  int id = 0;              // 1, 2, 3
  std::string hypothesis;  // as stated in the plan
  Outcome outcome = Outcome::not_measured;
  std::string rule;                   // the rule applied, in words, with its thresholds
  std::vector<std::string> evidence;  // the numbers, one line each (includes every comparison)
  std::vector<Comparison> comparisons;
  int decisive = -1;  // index into comparisons of the one the answer quotes, -1 if none
  // One sentence with the decisive number and its interval, e.g. "CPU-bound,
  // Python (cpu iters=150000, 2 workers): processes carry 1.81x (1.70–1.92)
  // the throughput of threads; ...". Without the verdict word (the report
  // puts `outcome` before it) and without a final period. Never empty.
  std::string answer;
  std::string why_inconclusive;  // empty unless outcome is inconclusive
  // Runs behind the verdict: 1 is "within this run" (its intervals are over
  // the run's rounds); more is a verdict from the between-run intervals.
  int runs = 1;
};
// "within this run" or "over 3 runs": what the outcome word is qualified by.
std::string scope_of(const Verdict& v);

Verdict verdict_cpu(const std::vector<Point>& points);     // H1
Verdict verdict_io(const std::vector<Point>& points);      // H2
Verdict verdict_memory(const std::vector<Point>& points);  // H3
std::vector<Verdict> verdicts(const std::vector<Point>& points);

// Fewest ok repetitions per side for a comparison to decide anything.
inline constexpr int kMinReps = 3;

}  // namespace gilbench::report
