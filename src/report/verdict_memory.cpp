// H3: Memory, threads ≲ async ≪ processes. docs/methodology.md, "Verdict rules".
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

#include "report/compare.h"
#include "report/rules.h"
#include "report/stats.h"

namespace gilbench::report {

using namespace rules;
using results::Engine;
using results::Model;

namespace {
// Where memory is compared, per engine: one workload and level, so that
// models are never compared across different loads (the old rule's flaw).
// Preference: io with the longest wait (the most connections held open),
// then noop, then the smallest cpu task.
std::vector<std::string> reference_order(const std::vector<Point>& pts, Engine engine) {
  std::set<std::tuple<int, double, std::string>> ranked;
  for (auto& p : pts) {
    if (p.target != "gilbench" || p.loop != "closed" || !results::names(p.engine, engine)) continue;
    if (p.kind == workloads::Kind::io)
      ranked.insert({0, -p.wait_ms, p.workload});
    else if (p.kind == workloads::Kind::none)
      ranked.insert({1, 0, p.workload});
    else if (p.kind == workloads::Kind::cpu)
      ranked.insert({2, p.iters, p.workload});
  }
  std::vector<std::string> out;
  for (auto& r : ranked)
    if (std::find(out.begin(), out.end(), std::get<2>(r)) == out.end()) out.push_back(std::get<2>(r));
  return out;
}

struct Check {
  Engine engine = Engine::native;
  std::string workload, metric;
  int t_lo = 0, t_hi = 0, p_lo = 0, p_hi = 0;  // the worker counts compared
  double c = 0;
  int threads_async = -1, slope_diff = -1, slope_threads = -1, slope_procs = -1;
};

// Least-squares memory (MiB) against workers over every ok repetition of
// `model` at the reference level; context, never deciding.
std::optional<Comparison> slope(const std::vector<Point>& pts, const Check& k, Model model) {
  std::vector<double> x, y;
  std::set<int> ws;
  for (int w : worker_counts(pts, model, k.engine, k.workload)) {
    const Point* p = find(pts, {model, k.engine, w}, k.workload, k.c);
    if (!p || !p->values.count(k.metric)) continue;
    for (double kb : p->values.at(k.metric)) {
      x.push_back(w);
      y.push_back(kb / 1024);
      ws.insert(w);
    }
  }
  if (ws.size() < 2 || x.size() < 3) return std::nullopt;
  auto fit = stats::least_squares(x, y);
  Comparison c;
  c.what = fmt::format("{}/{}: {} growth per worker (least squares over workers {}), {}, c={}", model, k.engine,
                       k.metric == "pss_kb" ? "PSS" : "RSS", fmt::join(ws, ","), k.workload, k.c);
  c.estimate = fit.slope;
  c.lo = fit.lo;
  c.hi = fit.hi;
  c.threshold = 0;
  c.unit = "MiB/worker";
  c.n_a = fit.n;
  c.n_b = static_cast<int>(ws.size());
  c.decides = false;
  c.outcome = fit.lo > 0 ? Outcome::supported : fit.hi < 0 ? Outcome::not_supported : Outcome::inconclusive;
  return c;
}

std::string supported_answer(const Verdict& v, const Check& k) {
  auto& cs = v.comparisons;
  return fmt::format(
      "Memory ({}, {}, c={}): each added process costs {} more PSS than an added thread (workers {}->{} against "
      "{}->{}); threads with {} workers take {} async's",
      k.engine, k.workload, k.c, figure(cs[k.slope_diff]), k.p_lo, k.p_hi, k.t_lo, k.t_hi, k.t_lo,
      figure(cs[k.threads_async]));
}

// The reference cell type of an engine: the first workload in
// reference_order with threads and procs at two or more worker counts each
// and async, at the highest level common to those five series that is at
// most kModerateMax.
std::optional<Check> reference(const std::vector<Point>& pts, Engine engine) {
  for (auto& wl : reference_order(pts, engine)) {
    auto wt = worker_counts(pts, Model::threads, engine, wl), wp = worker_counts(pts, Model::procs, engine, wl);
    if (wt.size() < 2 || wp.size() < 2) continue;
    Check k{engine, wl, "pss_kb", wt.front(), wt.back(), wp.front(), wp.back()};
    auto xs = common_levels(pts,
                            {{Model::threads, engine, k.t_lo}, {Model::threads, engine, k.t_hi},
                             {Model::procs, engine, k.p_lo}, {Model::procs, engine, k.p_hi}, {Model::async, engine, 0}},
                            wl);
    for (double x : xs)
      if (x <= kModerateMax) k.c = x;
    if (k.c > 0) return k;
  }
  return std::nullopt;
}

// The comparisons at the reference (USS and each model's slope as context),
// added to v; their conjunction.
Claim check_one(Verdict& v, const std::vector<Point>& pts, Check& k) {
  auto at = [&](Model m, int w) -> const Point& { return *find(pts, {m, k.engine, w}, k.workload, k.c); };
  const Point &T = at(Model::threads, k.t_lo), &A = at(Model::async, 0);
  if (!T.values.count("pss_kb")) k.metric = "rss_kb";
  std::string label = k.metric == "pss_kb" ? "PSS" : "RSS";
  const std::string where = fmt::format("on {} at c={} ({})", k.workload, k.c, k.engine);
  k.threads_async = add(v, ratio(T, A, k.metric, label, kAboutEqual, false),
                        fmt::format("{}, threads with {} workers take {{fig}} the {} of async", where, k.t_lo, label));
  auto diff = [&](const std::string& metric, const std::string& l) {
    return slope_difference(at(Model::procs, k.p_lo), at(Model::procs, k.p_hi), at(Model::threads, k.t_lo),
                            at(Model::threads, k.t_hi), metric, l, kSlopeMargin);
  };
  k.slope_diff = add(v, diff(k.metric, label),
                     fmt::format("{}, an added process costs {{fig}} more {} than an added thread", where, label));
  auto uss = diff("uss_kb", "USS");
  uss.decides = false;
  if (uss.n_a > 0) add(v, uss, fmt::format("{}, an added process costs {{fig}} more USS than an added thread", where));
  for (Model m : {Model::threads, Model::procs, Model::offload})
    if (auto c = slope(pts, k, m)) {
      int i = add(v, *c, fmt::format("{}/{} grows by {{fig}}", m, k.engine));
      if (m == Model::threads) k.slope_threads = i;
      if (m == Model::procs) k.slope_procs = i;
    }
  return all_of({one(v, k.threads_async), one(v, k.slope_diff)});
}
}  // namespace

Verdict verdict_memory(const std::vector<Point>& pts) {
  Verdict v;
  v.id = 3;
  v.hypothesis = "Memory: threads ≲ async ≪ processes.";
  v.rule = fmt::format(
      "Per engine, on one reference workload and level (io with the longest wait, else noop, else the smallest "
      "cpu task; the highest concurrency <= {0} common to the models): (≲) peak PSS of the process tree of "
      "threads at their smallest worker count / async's below {1}, a 95% t interval on log values wholly below; "
      "(≪) the per-worker PSS slope of procs (between its smallest and largest worker counts) minus that of "
      "threads, in MiB per worker, above {2} with its 95% t interval wholly above. Within a run the intervals "
      "pair by round; combined runs give the interval over the runs' estimates. USS and each model's "
      "least-squares slope are shown as context.",
      kModerateMax, kAboutEqual, kSlopeMargin);
  std::vector<Claim> claims;
  std::vector<Check> checks;
  std::set<Engine> engines;
  for (auto& p : pts)
    if (auto e = results::parse<Engine>(p.engine); e && p.target == "gilbench") engines.insert(*e);
  std::vector<Engine> order(engines.begin(), engines.end());
  std::stable_partition(order.begin(), order.end(), [](Engine e) { return e == Engine::python; });
  for (Engine engine : order)
    if (auto k = reference(pts, engine)) {
      claims.push_back(check_one(v, pts, *k));
      checks.push_back(*k);
    }
  if (checks.empty())
    v.evidence.push_back(
        "no workload with threads and procs at two worker counts each and async at a common level <= 64");
  conclude(v, claims, checks.empty() ? -1 : checks.front().slope_diff);
  v.answer = v.outcome == Outcome::supported ? supported_answer(v, checks.front()) : plain_answer("Memory", v);
  return v;
}

}  // namespace gilbench::report
