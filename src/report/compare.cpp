#include "report/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "report/stats.h"

namespace gilbench::report::rules {

namespace {
bool matches(const Point& p, const Series& s, const std::string& workload) {
  return p.target == "gilbench" && p.loop == "closed" && results::names(p.model, s.model) &&
         results::names(p.engine, s.engine) &&
         (s.workers == 0 || p.workers == s.workers) && p.workload == workload && p.ok_reps > 0;
}

std::vector<double> reps(const Point& p, const std::string& metric) {
  auto it = p.values.find(metric);
  return it == p.values.end() ? std::vector<double>{} : it->second;
}

std::string what_of(const Point& a, const Point& b, const std::string& label) {
  auto c = [](double x) { return fmt::format("c={}", x); };
  if (a.series == b.series) return fmt::format("{}: {}, {} vs {}, {}", a.series, label, c(a.x), c(b.x), a.workload);
  return fmt::format("{} vs {}: {}, {}, {}", a.series, b.series, label, a.workload, c(a.x));
}

Comparison from_samples(std::string what, const std::vector<std::vector<double>>& samples, const stats::OfMedians& f,
                        int n_a, int n_b, double threshold, bool above) {
  Comparison c;
  c.what = std::move(what);
  c.threshold = threshold;
  c.above = above;
  c.unit = "x";
  c.n_a = n_a;
  c.n_b = n_b;
  bool usable = true;
  for (auto& s : samples)
    usable = usable && !s.empty() && std::all_of(s.begin(), s.end(), [](double v) { return v > 0; });
  if (!usable) return c;  // not_measured: a side lacks the metric (or has zeros a ratio cannot take)
  auto i = stats::bootstrap_medians(samples, f);
  c.estimate = i.estimate;
  c.lo = i.lo;
  c.hi = i.hi;
  decide(c);
  return c;
}
}  // namespace

const Point* find(const std::vector<Point>& pts, const Series& s, const std::string& workload, double c) {
  const Point* best = nullptr;
  for (auto& p : pts)
    if (matches(p, s, workload) && p.x == c && (!best || p.series.size() < best->series.size())) best = &p;
  return best;
}

std::vector<double> common_levels(const std::vector<Point>& pts, const std::vector<Series>& ss,
                                  const std::string& workload) {
  std::set<double> xs;
  for (auto& p : pts)
    if (p.target == "gilbench" && p.loop == "closed" && p.workload == workload) xs.insert(p.x);
  std::vector<double> out;
  for (double x : xs)
    if (std::all_of(ss.begin(), ss.end(), [&](const Series& s) { return find(pts, s, workload, x) != nullptr; }))
      out.push_back(x);
  return out;
}

std::vector<int> worker_counts(const std::vector<Point>& pts, results::Model model, results::Engine engine,
                               const std::string& workload) {
  std::set<int> ws;
  for (auto& p : pts)
    if (matches(p, {model, engine, 0}, workload)) ws.insert(p.workers);
  return {ws.begin(), ws.end()};
}

Comparison ratio(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                 double threshold, bool above) {
  auto ra = reps(a, metric), rb = reps(b, metric);
  return from_samples(
      what_of(a, b, metric_label), {ra, rb}, [](const std::vector<double>& m) { return m[0] / m[1]; },
      static_cast<int>(ra.size()), static_cast<int>(rb.size()), threshold, above);
}

Comparison per_answer(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                      double threshold, bool above) {
  auto ma = reps(a, metric), ta = reps(a, "throughput_rps"), mb = reps(b, metric), tb = reps(b, "throughput_rps");
  return from_samples(
      what_of(a, b, metric_label + " per answered request"), {ma, ta, mb, tb},
      [](const std::vector<double>& m) { return (m[0] / m[1]) / (m[2] / m[3]); },
      static_cast<int>(std::min(ma.size(), ta.size())), static_cast<int>(std::min(mb.size(), tb.size())), threshold,
      above);
}

Outcome decide(Comparison& c) {
  if (c.n_a < kMinReps || c.n_b < kMinReps) return c.outcome = Outcome::inconclusive;
  bool clears = c.above ? c.lo > c.threshold : c.hi < c.threshold;
  bool fails = c.above ? c.hi < c.threshold : c.lo > c.threshold;
  c.outcome = clears ? Outcome::supported : fails ? Outcome::not_supported : Outcome::inconclusive;
  return c.outcome;
}

namespace {
Claim first_of(const std::vector<Claim>& cs, const std::vector<Outcome>& order) {
  for (Outcome o : order)
    for (auto& c : cs)
      if (c.outcome == o) return {o, c.comparison};
  return {};
}
}  // namespace

Claim one(const Verdict& v, int comparison) {
  return {v.comparisons.at(static_cast<std::size_t>(comparison)).outcome, comparison};
}

Claim all_of(const std::vector<Claim>& cs) {
  return first_of(cs, {Outcome::not_supported, Outcome::inconclusive, Outcome::not_measured, Outcome::supported});
}

Claim any_of(const std::vector<Claim>& cs) {
  return first_of(cs, {Outcome::supported, Outcome::inconclusive, Outcome::not_supported, Outcome::not_measured});
}

std::string num(double v) {
  if (v != 0 && std::abs(v) < 0.01) return fmt::format("{:.2g}", v);
  return std::abs(v) >= 100 ? fmt::format("{:.0f}", v) : fmt::format("{:.2f}", v);
}

std::string figure(const Comparison& c) {
  std::string u = c.unit == "x" ? "x" : " " + c.unit;
  // An en dash: a hyphen would read as a minus beside negative slopes.
  return fmt::format("{}{} ({}–{})", num(c.estimate), u, num(c.lo), num(c.hi));
}

std::string describe(const Comparison& c) {
  std::string rule = fmt::format("rule {} {}", c.above ? ">" : "<", num(c.threshold));
  std::string tail = c.decides ? "" : " (context, does not decide)";
  if (c.outcome == Outcome::not_measured && c.n_a * c.n_b == 0) return fmt::format("{}: not measured{}", c.what, tail);
  return fmt::format("{}: {}, n={}/{}; {}: {}{}", c.what, figure(c), c.n_a, c.n_b, rule, to_string(c.outcome), tail);
}

std::string why_not_decided(const Comparison& c) {
  if (c.outcome != Outcome::inconclusive) return "";
  if (c.n_a < kMinReps || c.n_b < kMinReps)
    return fmt::format("{}: {}/{} ok repetitions, fewer than the {} needed", c.what, c.n_a, c.n_b, kMinReps);
  if (!c.phrase.empty()) return fmt::format("{}, an interval that straddles {}", c.phrase, num(c.threshold));
  return fmt::format("{}: the interval {}–{} straddles {}", c.what, num(c.lo), num(c.hi), num(c.threshold));
}

int add(Verdict& v, Comparison c, const std::string& phrase) {
  c.phrase = phrase;
  if (auto at = c.phrase.find("{fig}"); at != std::string::npos) c.phrase.replace(at, 5, figure(c));
  v.evidence.push_back(describe(c));
  v.comparisons.push_back(std::move(c));
  return static_cast<int>(v.comparisons.size()) - 1;
}

void conclude(Verdict& v, const std::vector<Claim>& claims, int headline, const std::vector<std::string>& reasons) {
  Claim all = all_of(claims);
  v.outcome = all.outcome;
  v.decisive = all.outcome == Outcome::supported ? headline : all.comparison;
  if (v.outcome != Outcome::inconclusive) return;
  std::vector<std::string> why = reasons;
  for (auto& c : v.comparisons)
    if (c.decides && c.outcome == Outcome::inconclusive) why.push_back(why_not_decided(c));
  v.why_inconclusive = fmt::format("{}", fmt::join(why, "; "));
}

std::string plain_answer(const std::string& topic, const Verdict& v) {
  if (v.decisive < 0)
    return fmt::format("{}: {}", topic, v.evidence.empty() ? "no cells for this rule" : v.evidence.back());
  auto& c = v.comparisons[static_cast<std::size_t>(v.decisive)];
  std::string rule = fmt::format("the rule asks {} {}", c.above ? ">" : "<", num(c.threshold));
  if (!c.phrase.empty()) return fmt::format("{}: {} ({})", topic, c.phrase, rule);
  return fmt::format("{}: {} is {} ({})", topic, c.what, figure(c), rule);
}

}  // namespace gilbench::report::rules
