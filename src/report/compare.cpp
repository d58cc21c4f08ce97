#include "report/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "report/interval.h"
#include "report/rules.h"

namespace gilbench::report::rules {

namespace {
thread_local const RunEstimates* g_runs = nullptr;  // set by RunsScope

bool matches(const Point& p, const Series& s, const std::string& workload, const std::string& loop) {
  return p.target == "gilbench" && p.loop == loop && results::names(p.model, s.model) &&
         results::names(p.engine, s.engine) && (s.workers == 0 || p.workers == s.workers) && p.workload == workload;
}

stats::Group group(const Point& p, const std::string& metric) {
  stats::Group g;
  auto v = p.values.find(metric);
  auto r = p.rounds.find(metric);
  if (v == p.values.end() || r == p.rounds.end()) return g;
  for (std::size_t i = 0; i < v->second.size() && i < r->second.size(); ++i) g.push_back({r->second[i], v->second[i]});
  return g;
}

std::string level_of(const Point& p) { return p.loop == "open" ? fmt::format("rate={}/s", p.x) : fmt::format("c={}", p.x); }

std::string what_of(const Point& a, const Point& b, const std::string& label) {
  if (a.series == b.series)
    return fmt::format("{}: {}, {} vs {}, {}", a.series, label, level_of(a), level_of(b), a.workload);
  return fmt::format("{} vs {}: {}, {}, {}", a.series, b.series, label, a.workload, level_of(a));
}

// Why the points cannot decide (docs/methodology.md, "Gates"), naming each
// cell; "" when they can. `tail`: the comparison is of a latency percentile.
std::string gate_of(const std::vector<const Point*>& pts, bool tail) {
  std::vector<std::string> why;
  for (auto* p : pts) {
    int unclean = p->degraded_reps + p->generator_bound_reps + p->failed_reps;
    if (unclean > 0)
      why.push_back(fmt::format("{}, {}, {}: {} of {} repetitions degraded, failed or generator-bound", p->series,
                                p->workload, level_of(*p), unclean, unclean + p->ok_reps));
    else if (tail && p->max_fail_share > kTailFailShare)
      why.push_back(fmt::format("{}, {}, {}: a repetition failed {:.2g}% of its requests, above the {}% a tail may "
                                "leave out",
                                p->series, p->workload, level_of(*p), 100 * p->max_fail_share, 100 * kTailFailShare));
  }
  return fmt::format("{}", fmt::join(why, "; "));
}

// Within one run: the t interval of the contrast; inside a RunsScope: the
// interval over the runs' estimates of the same comparison.
// Across runs: each run's estimate of the same comparison (left out where
// that run could not decide it), mean ± t(k-1) sd / sqrt(k). False when no
// run measured it at all (not measured).
bool across(Comparison& c, bool log) {
  auto back = [log](double x) { return log ? std::exp(x) : x; };
  c.gate.clear();  // each run's own gate decided whether it gave an estimate
  c.runs = g_runs->runs;
  auto it = g_runs->by_what.find(c.what);
  std::vector<double> est = it == g_runs->by_what.end() ? std::vector<double>{} : it->second;
  for (double e : est) c.run_estimates.push_back(back(e));
  auto g = g_runs->gated.find(c.what);
  if (est.empty() && g == g_runs->gated.end()) return false;
  if (est.size() < 2) {
    c.gate = fmt::format("an estimate from {} of {} runs; a between-run interval needs 2{}", est.size(), g_runs->runs,
                         g == g_runs->gated.end() ? "" : fmt::format(" ({})", fmt::join(g->second, "; ")));
    if (est.size() == 1) c.estimate = c.lo = c.hi = back(est[0]);
    return true;
  }
  auto r = stats::across_runs(est, c.level);
  c.estimate = back(r.estimate);
  c.lo = back(r.lo);
  c.hi = back(r.hi);
  c.method = stats::to_string(r.method);
  c.runs = r.n;
  return true;
}

void set_interval(Comparison& c, const std::vector<stats::Group>& groups, const std::vector<double>& coef, bool log) {
  if (g_runs) {
    if (across(c, log)) decide(c);
    return;
  }
  try {
    auto t = stats::contrast(groups, coef, c.level);
    auto back = [log](double x) { return log ? std::exp(x) : x; };
    c.estimate = back(t.estimate);
    c.lo = back(t.lo);
    c.hi = back(t.hi);
    c.method = stats::to_string(t.method);
  } catch (const std::invalid_argument&) {
    if (c.gate.empty()) c.gate = "too few clean repetitions for an interval";
  }
  decide(c);
}

// Logs of a group, or an empty one when a value is not positive (a ratio
// cannot take it; the comparison is then not measured).
stats::Group logs_or_none(const stats::Group& g) {
  try {
    return stats::logs(g);
  } catch (const std::invalid_argument&) {
    return {};
  }
}

Comparison base(std::string what, const Point& a, const Point& b, const std::string& metric, double threshold,
                bool above) {
  Comparison c;
  c.what = std::move(what);
  c.threshold = threshold;
  c.above = above;
  c.unit = "x";
  c.n_a = static_cast<int>(group(a, metric).size());
  c.n_b = static_cast<int>(group(b, metric).size());
  c.gate = gate_of({&a, &b}, metric.rfind("lat_", 0) == 0);
  return c;
}

// A side without clean values: not measured, unless a gate names why
// (the cell ran, but no repetition was clean): then inconclusive.
Comparison unmeasured(Comparison& c) {
  if (!c.gate.empty()) c.outcome = Outcome::inconclusive;
  return c;
}

bool positive(const stats::Group& g) {
  return !g.empty() && std::all_of(g.begin(), g.end(), [](const stats::Obs& o) { return o.value > 0; });
}
}  // namespace

RunsScope::RunsScope(const RunEstimates& e) { g_runs = &e; }
RunsScope::~RunsScope() { g_runs = nullptr; }

double contrast_scale(const Comparison& c) { return c.unit == "x" ? std::log(c.estimate) : c.estimate; }

const Point* find(const std::vector<Point>& pts, const Series& s, const std::string& workload, double c,
                  const std::string& loop) {
  const Point* best = nullptr;
  for (auto& p : pts)
    if (matches(p, s, workload, loop) && p.x == c && (!best || p.series.size() < best->series.size())) best = &p;
  return best;
}

std::vector<double> common_levels(const std::vector<Point>& pts, const std::vector<Series>& ss,
                                  const std::string& workload, const std::string& loop) {
  std::set<double> xs;
  for (auto& p : pts)
    if (p.target == "gilbench" && p.loop == loop && p.workload == workload) xs.insert(p.x);
  std::vector<double> out;
  for (double x : xs)
    if (std::all_of(ss.begin(), ss.end(), [&](const Series& s) { return find(pts, s, workload, x, loop) != nullptr; }))
      out.push_back(x);
  return out;
}

std::vector<int> worker_counts(const std::vector<Point>& pts, results::Model model, results::Engine engine,
                               const std::string& workload) {
  std::set<int> ws;
  for (auto& p : pts)
    if (matches(p, {model, engine, 0}, workload, "closed")) ws.insert(p.workers);
  return {ws.begin(), ws.end()};
}

Comparison ratio(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                 double threshold, bool above) {
  auto c = base(what_of(a, b, metric_label), a, b, metric, threshold, above);
  auto ga = group(a, metric), gb = group(b, metric);
  // not_measured: a side lacks the metric (or has zeros); across runs the runs decide
  if (!g_runs && (!positive(ga) || !positive(gb))) return unmeasured(c);
  set_interval(c, {logs_or_none(ga), logs_or_none(gb)}, {1, -1}, true);
  return c;
}

Comparison equivalent(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                      double margin) {
  auto c = base(what_of(a, b, metric_label), a, b, metric, margin, true);
  c.test = Test::equivalence;
  c.level = kEquivalenceLevel;
  auto ga = group(a, metric), gb = group(b, metric);
  if (!g_runs && (!positive(ga) || !positive(gb))) return unmeasured(c);
  set_interval(c, {logs_or_none(ga), logs_or_none(gb)}, {1, -1}, true);
  return c;
}

Comparison per_answer(const Point& a, const Point& b, const std::string& metric, const std::string& metric_label,
                      double threshold, bool above) {
  auto c = base(what_of(a, b, metric_label + " per answered request"), a, b, metric, threshold, above);
  auto ga = stats::per_round(group(a, metric), group(a, "throughput_rps"));
  auto gb = stats::per_round(group(b, metric), group(b, "throughput_rps"));
  c.n_a = static_cast<int>(ga.size());
  c.n_b = static_cast<int>(gb.size());
  if (!g_runs && (!positive(ga) || !positive(gb))) return unmeasured(c);
  set_interval(c, {logs_or_none(ga), logs_or_none(gb)}, {1, -1}, true);
  return c;
}

Comparison slope_difference(const Point& p_lo, const Point& p_hi, const Point& t_lo, const Point& t_hi,
                            const std::string& metric, const std::string& metric_label, double threshold) {
  Comparison c;
  c.what = fmt::format("{} per worker: {} -> {} minus {} -> {}, {}, {}", metric_label, p_lo.series, p_hi.series,
                       t_lo.series, t_hi.series, p_lo.workload, level_of(p_lo));
  c.threshold = threshold;
  c.unit = "MiB/worker";
  c.gate = gate_of({&p_lo, &p_hi, &t_lo, &t_hi}, false);
  std::vector<stats::Group> gs;
  for (auto* p : {&p_hi, &p_lo, &t_hi, &t_lo}) {
    auto g = group(*p, metric);
    for (auto& o : g) o.value /= 1024;  // KiB -> MiB
    gs.push_back(std::move(g));
  }
  c.n_a = static_cast<int>(std::min(gs[0].size(), gs[1].size()));
  c.n_b = static_cast<int>(std::min(gs[2].size(), gs[3].size()));
  const double dp = p_hi.workers - p_lo.workers, dt = t_hi.workers - t_lo.workers;
  if (dp <= 0 || dt <= 0 || (!g_runs && (c.n_a == 0 || c.n_b == 0))) return unmeasured(c);
  set_interval(c, gs, {1 / dp, -1 / dp, -1 / dt, 1 / dt}, false);
  return c;
}

Outcome decide(Comparison& c) {
  // Across runs each run's estimate already passed kMinReps and its gates.
  bool few = c.runs <= 1 && (c.n_a < kMinReps || c.n_b < kMinReps);
  if (!c.gate.empty() || few) return c.outcome = Outcome::inconclusive;
  if (c.test == Test::equivalence) {
    const double m = c.threshold;
    bool inside = c.lo >= 1 / m && c.hi <= m, outside = c.hi < 1 / m || c.lo > m;
    return c.outcome = inside ? Outcome::supported : outside ? Outcome::not_supported : Outcome::inconclusive;
  }
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

std::string rule_of(const Comparison& c) {
  if (c.test == Test::equivalence) return fmt::format("within {}–{}", num(1 / c.threshold), num(c.threshold));
  return fmt::format("{} {}", c.above ? ">" : "<", num(c.threshold));
}

std::string interval_label(const Comparison& c) {
  std::string where = c.runs > 1 ? fmt::format(" ({} runs)", c.runs) : ", within this run";
  return fmt::format("{:.0f}% {}{}", 100 * c.level, c.method.empty() ? "t" : c.method, where);
}

std::string describe(const Comparison& c) {
  std::string tail = c.decides ? "" : " (context, does not decide)";
  if (c.outcome == Outcome::not_measured && c.n_a * c.n_b == 0) return fmt::format("{}: not measured{}", c.what, tail);
  std::string gate = c.gate.empty() ? "" : fmt::format(" [cannot decide: {}]", c.gate);
  std::string n = c.runs > 1 ? fmt::format("runs={}", c.runs) : fmt::format("n={}/{}", c.n_a, c.n_b);
  return fmt::format("{}: {} [{}], {}; rule {}: {}{}{}", c.what, figure(c), interval_label(c), n, rule_of(c),
                     to_string(c.outcome), gate, tail);
}

std::string why_not_decided(const Comparison& c) {
  if (c.outcome != Outcome::inconclusive) return "";
  if (!c.gate.empty()) return fmt::format("{}: cannot decide: {}", c.what, c.gate);
  if (c.runs <= 1 && (c.n_a < kMinReps || c.n_b < kMinReps))
    return fmt::format("{}: {}/{} ok repetitions, fewer than the {} needed", c.what, c.n_a, c.n_b, kMinReps);
  std::string line = c.test == Test::equivalence ? fmt::format("the band {}–{}", num(1 / c.threshold), num(c.threshold))
                                                 : num(c.threshold);
  if (!c.phrase.empty()) return fmt::format("{}, an interval that straddles {}", c.phrase, line);
  return fmt::format("{}: the interval {}–{} straddles {}", c.what, num(c.lo), num(c.hi), line);
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
  std::string rule = "the rule asks " + rule_of(c);
  if (!c.phrase.empty()) return fmt::format("{}: {} ({})", topic, c.phrase, rule);
  return fmt::format("{}: {} is {} ({})", topic, c.what, figure(c), rule);
}

}  // namespace gilbench::report::rules
