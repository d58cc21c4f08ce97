// Building blocks of the verdict rules: finding a series' point, turning
// two points into a Comparison with its bootstrap interval and outcome,
// and combining outcomes. Used by verdict_{cpu,io,memory}.cpp only.
#pragma once

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

// The closed-loop point of a series at (workload, c), nullptr if absent or
// without ok repetitions. Where several configurations match (e.g. switch
// intervals), the one with the shortest series label: non-default settings
// lengthen the label, and the hypotheses are about the defaults.
const Point* find(const std::vector<Point>& pts, const Series& s, const std::string& workload, double c);
// Closed-loop concurrency levels at which every series has a point.
std::vector<double> common_levels(const std::vector<Point>& pts, const std::vector<Series>& ss,
                                  const std::string& workload);
// Worker counts (ascending) at which `model`/`engine` has a point of `workload`.
std::vector<int> worker_counts(const std::vector<Point>& pts, results::Model model, results::Engine engine,
                               const std::string& workload);

// median(metric of a) / median(metric of b), claim "> threshold" if above.
Comparison ratio(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                 double threshold, bool above);
// (metric / throughput of a) / (metric / throughput of b): a cost per
// answered request, from the medians of the four samples.
Comparison per_answer(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                      double threshold, bool above);
// Applies the interval rule and kMinReps to c.outcome; returns it.
Outcome decide(Comparison& c);

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
