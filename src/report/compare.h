// Building blocks of the verdict rules: finding a series' point, turning
// points into a Comparison with its t interval (within one run, or across
// runs inside a RunsScope) and outcome, and combining outcomes. Used by
// verdict_{cpu,io,memory}.cpp and combine.cpp only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "report/verdict.h"

namespace gilbench::report::rules {

// A gilbench configuration; workers 0 matches any count (async has one loop).
struct Series {
  results::Model model;
  results::Engine engine;
  int workers = 0;
};

// The point of a series at (workload, loop, c or rate), nullptr if it was
// not run; a point without clean repetitions is returned (its comparisons
// are gated, never silently left out). Where several configurations match
// (e.g. switch intervals), the one with the shortest series label:
// non-default settings lengthen the label, and the hypotheses are about the
// defaults.
const Point* find(const std::vector<Point>& pts, const Series& s, const std::string& workload, double c,
                  const std::string& loop = "closed");
// Levels (connections, or rates for "open") at which every series was run.
std::vector<double> common_levels(const std::vector<Point>& pts, const std::vector<Series>& ss,
                                  const std::string& workload, const std::string& loop = "closed");
// Worker counts (ascending) at which `model`/`engine` has a point of `workload`.
std::vector<int> worker_counts(const std::vector<Point>& pts, results::Model model, results::Engine engine,
                               const std::string& workload);

// metric of a / metric of b, paired by round (stats::ratio), claim
// "> threshold" if above, else "< threshold".
Comparison ratio(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                 double threshold, bool above);
// The same ratio claimed equivalent: its 90% interval inside [1/margin, margin].
Comparison equivalent(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                      double margin);
// (metric / throughput) of a over that of b, each repetition's cost per
// answered request formed from its own row first.
Comparison per_answer(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                      double threshold, bool above);
// MiB-per-worker slope of metric (KiB) of p_lo -> p_hi minus that of
// t_lo -> t_hi (each pair one model at two worker counts), claim > threshold.
Comparison slope_difference(const Point& p_lo, const Point& p_hi, const Point& t_lo, const Point& t_hi,
                            const std::string& metric, const std::string& metric_label, double threshold);
// Applies the gate, kMinReps and the interval rule to c.outcome; returns it.
Outcome decide(Comparison& c);

// Every run's estimate of each comparison (keyed by Comparison::what), on
// the contrast's scale (log for ratios); while a RunsScope is alive, every
// comparison built on this thread takes its interval across these runs.
struct RunEstimates {
  int runs = 0;
  std::map<std::string, std::vector<double>> by_what;
  std::map<std::string, std::vector<std::string>> gated;  // what -> why it was left out of a run
};
class RunsScope {
 public:
  explicit RunsScope(const RunEstimates& e);
  ~RunsScope();
  RunsScope(const RunsScope&) = delete;
  RunsScope& operator=(const RunsScope&) = delete;
};
// A comparison's estimate on the contrast's scale (what RunEstimates holds).
double contrast_scale(const Comparison& c);

// One claim of a rule: its outcome and the comparison to quote for it
// (-1 when nothing was measured).
struct Claim {
  Outcome outcome = Outcome::not_measured;
  int comparison = -1;
};
Claim one(const Verdict& v, int comparison);
// A conjunction: any not_supported -> not_supported, else any inconclusive ->
// inconclusive, else any not_measured -> not_measured, else supported.
Claim all_of(const std::vector<Claim>& cs);
// A disjunction: any supported -> supported, else any inconclusive ->
// inconclusive, else any not_supported -> not_supported.
Claim any_of(const std::vector<Claim>& cs);

// "procs/python w2 vs threads/python w2: throughput, cpu iters=150000, c=4: 1.93x (1.71–2.10), n=3/3;
// rule > 1.3: supported"
std::string describe(const Comparison& c);
// "1.93x (1.71–2.10)"
std::string figure(const Comparison& c);
// "> 1.3", "< 1", "within 0.80–1.25".
std::string rule_of(const Comparison& c);
// "95% paired t over rounds, within this run", "90% t over runs (3 runs)".
std::string interval_label(const Comparison& c);
// Why a deciding comparison did not decide ("" if it did).
std::string why_not_decided(const Comparison& c);
std::string num(double v);

// Appends c to v (comparisons and evidence), returns its index. `phrase`,
// if given, becomes c.phrase with "{fig}" replaced by figure(c).
int add(Verdict& v, Comparison c, const std::string& phrase = "");
// Sets v.outcome to all_of(claims), v.decisive to `headline` when
// supported and else to the comparison of the first claim sharing the
// outcome, and v.why_inconclusive from the deciding comparisons that could
// not decide plus `reasons` (a rule's own, e.g. a control that failed).
void conclude(Verdict& v, const std::vector<Claim>& claims, int headline, const std::vector<std::string>& reasons = {});

// "<topic>: <phrase of the decisive comparison> (the rule asks > 1.30)", or
// with no phrase "<topic>: <what> is 1.93x (1.71–2.10) ..."; the answer when
// a rule has no sentence of its own for the outcome. Without a decisive
// comparison, the last line of evidence (what was missing).
std::string plain_answer(const std::string& topic, const Verdict& v);

}  // namespace gilbench::report::rules
