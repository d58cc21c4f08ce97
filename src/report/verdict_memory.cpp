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
  int workers = 0;
  double c = 0;
  int threads_async = -1, procs_threads = -1, slope_threads = -1, slope_procs = -1;
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
  std::string growth;
  if (k.slope_procs >= 0 && k.slope_threads >= 0)
    growth = fmt::format(" and grow {} against {} for threads", figure(cs[k.slope_procs]), figure(cs[k.slope_threads]));
  return fmt::format(
      "Memory ({}, {}, c={}): processes take {} the {} of threads at {} workers{}; threads take {} "
      "async's",
      k.engine, k.workload, k.c, figure(cs[k.procs_threads]), k.metric == "pss_kb" ? "PSS" : "RSS", k.workers, growth,
      figure(cs[k.threads_async]));
}

// The reference cell type of an engine: the first workload in
// reference_order with threads and procs at a shared worker count and
// async at a common level; the largest such count, the highest such level.
std::optional<Check> reference(const std::vector<Point>& pts, Engine engine) {
  for (auto& wl : reference_order(pts, engine)) {
    Check k;
    for (int w : worker_counts(pts, Model::threads, engine, wl)) {
      auto xs = common_levels(pts, {{Model::threads, engine, w}, {Model::procs, engine, w}, {Model::async, engine, 0}}, wl);
      if (!xs.empty()) k = {engine, wl, "pss_kb", w, xs.back()};
    }
    if (k.workers > 0) return k;
  }
  return std::nullopt;
}

// The comparisons at the reference (slopes as context), added to v; their conjunction.
Claim check_one(Verdict& v, const std::vector<Point>& pts, Check& k) {
  const Point &T = *find(pts, {Model::threads, k.engine, k.workers}, k.workload, k.c),
              &P = *find(pts, {Model::procs, k.engine, k.workers}, k.workload, k.c),
              &A = *find(pts, {Model::async, k.engine, 0}, k.workload, k.c);
  if (!T.values.count("pss_kb")) k.metric = "rss_kb";
  std::string label = k.metric == "pss_kb" ? "PSS" : "RSS";
  const std::string at = fmt::format("on {} at c={} ({})", k.workload, k.c, k.engine);
  k.threads_async = add(v, ratio(T, A, k.metric, label, kAboutEqual, false),
                        fmt::format("{}, threads with {} workers take {{fig}} the {} of async", at, k.workers, label));
  int procs_async =
      add(v, ratio(P, A, k.metric, label, kMuchLess, true),
          fmt::format("{}, processes with {} workers take {{fig}} the {} of async", at, k.workers, label));
  k.procs_threads =
      add(v, ratio(P, T, k.metric, label, kMuchLess, true),
          fmt::format("{}, processes take {{fig}} the {} of threads at {} workers", at, label, k.workers));
  for (Model m : {Model::threads, Model::procs, Model::offload})
    if (auto c = slope(pts, k, m)) {
      int i = add(v, *c, fmt::format("{}/{} grows by {{fig}}", m, k.engine));
      if (m == Model::threads) k.slope_threads = i;
      if (m == Model::procs) k.slope_procs = i;
    }
  return all_of({one(v, k.threads_async), one(v, procs_async), one(v, k.procs_threads)});
}
}  // namespace

Verdict verdict_memory(const std::vector<Point>& pts) {
  Verdict v;
  v.id = 3;
  v.hypothesis = "Memory: threads ≲ async ≪ processes.";
  v.rule = fmt::format(
      "Per engine, on one reference workload and level (io with the longest wait, else noop, else the smallest "
      "cpu task; the highest concurrency common to the models) and the largest worker count w that threads "
      "and procs share: peak PSS of the process tree of threads at w / async's below {0} (≲); procs at w / "
      "async's and procs / threads at equal w above {1} (≪). Each is a ratio of medians over ok repetitions "
      "with a 95% bootstrap interval that must clear its threshold (fewer than {2} ok repetitions: "
      "inconclusive). How memory grows with workers is shown as a least-squares slope in MiB per worker with "
      "a Student-t 95% interval (context, not deciding).",
      kAboutEqual, kMuchLess, kMinReps);
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
    v.evidence.push_back("no workload with threads, procs (same workers) and async measured at a common level");
  conclude(v, claims, checks.empty() ? -1 : checks.front().procs_threads);
  v.answer = v.outcome == Outcome::supported ? supported_answer(v, checks.front()) : plain_answer("Memory", v);
  return v;
}

}  // namespace gilbench::report
