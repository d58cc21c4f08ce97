#include "report/verdict.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>

namespace gilbench::report {

namespace {
// Old thresholds, replaced by the rules of the new verdicts.
constexpr double kPlateauRatio = 1.3, kWinRatio = 1.3, kTailSlack = 1.10, kCompetitive = 0.80,
                 kOverkill = 1.10, kAboutEqual = 1.20, kMuchLess = 2.0;
const std::vector<std::string> kModels = {"threads", "async", "procs"};

// The best value of a metric for a model at one concurrency over its worker
// configurations (max throughput, min latency): each model at its best.
std::optional<double> best(const std::vector<Point>& pts, const std::string& model,
                           const std::string& engine, const std::string& workload, double x,
                           const std::string& metric, bool higher_is_better) {
  std::optional<double> out;
  for (auto& p : pts) {
    if (p.target != "gilbench" || p.loop != "closed" || p.model != model || p.engine != engine ||
        p.workload != workload || p.x != x)
      continue;
    auto v = p.get(metric);
    if (!v) continue;
    if (!out || (higher_is_better ? *v > *out : *v < *out)) out = v;
  }
  return out;
}

// Concurrency levels at which every model has an ok point.
std::vector<double> common_levels(const std::vector<Point>& pts, const std::string& engine,
                                  const std::string& workload) {
  std::vector<double> out;
  std::set<double> xs;
  for (auto& p : pts)
    if (p.target == "gilbench" && p.engine == engine && p.workload == workload && p.loop == "closed") xs.insert(p.x);
  for (double x : xs) {
    bool all = true;
    for (auto& m : kModels) all = all && best(pts, m, engine, workload, x, "throughput_rps", true).has_value();
    if (all) out.push_back(x);
  }
  return out;
}

std::set<std::string> workloads_where(const std::vector<Point>& pts, auto pred) {
  std::set<std::string> out;
  for (auto& p : pts)
    if (p.target == "gilbench" && pred(p)) out.insert(p.workload);
  return out;
}

std::set<std::string> engines_of(const std::vector<Point>& pts) {
  std::set<std::string> out;
  for (auto& p : pts)
    if (p.target == "gilbench") out.insert(p.engine);
  return out;
}

std::string f(double v) { return v >= 100 ? fmt::format("{:.0f}", v) : fmt::format("{:.3g}", v); }

Outcome combine(const std::vector<bool>& checks) {
  if (checks.empty()) return Outcome::not_measured;
  for (bool b : checks)
    if (!b) return Outcome::not_supported;
  return Outcome::supported;
}
}  // namespace

std::string to_string(Outcome o) {
  switch (o) {
    case Outcome::supported: return "supported";
    case Outcome::not_supported: return "not supported";
    case Outcome::inconclusive: return "inconclusive";
    default: return "not measured";
  }
}

Verdict verdict_cpu(const std::vector<Point>& pts) {
  Verdict v;
  v.id = 1;
  v.hypothesis = "CPU-bound: threads and async plateau under the GIL; processes win for moderate and larger task sizes.";
  v.rule = fmt::format(
      "For each cpu workload with iters >= 150000 on the python engine (the GIL), with c_lo and c_hi the "
      "lowest and highest concurrency measured for all three models: threads and async plateau if "
      "throughput(c_hi) / throughput(c_lo) <= {}; processes win if throughput_procs(c_hi) >= {} x "
      "max(threads, async). Supported if every such workload passes both; each model at its best "
      "worker count.", kPlateauRatio, kWinRatio);
  std::vector<bool> checks;
  auto wls = workloads_where(pts, [](const Point& p) { return p.mode == "cpu" && p.iters >= 150000 && p.engine == "python"; });
  for (auto& wl : wls) {
    auto xs = common_levels(pts, "python", wl);
    if (xs.size() < 2) {
      v.evidence.push_back(fmt::format("{}: fewer than two concurrency levels with all three models; skipped", wl));
      continue;
    }
    double lo = xs.front(), hi = xs.back();
    auto thr = [&](const std::string& m, double x) { return *best(pts, m, "python", wl, x, "throughput_rps", true); };
    bool plateau = true;
    for (const char* m : {"threads", "async"}) {
      double ratio = thr(m, hi) / std::max(thr(m, lo), 1e-9);
      plateau = plateau && ratio <= kPlateauRatio;
      v.evidence.push_back(fmt::format("{} python {}: {} req/s at c={} -> {} req/s at c={} (x{:.2f}, plateau if <= {})",
                                       wl, m, f(thr(m, lo)), lo, f(thr(m, hi)), hi, ratio, kPlateauRatio));
    }
    double rival = std::max(thr("threads", hi), thr("async", hi));
    double win = thr("procs", hi) / std::max(rival, 1e-9);
    v.evidence.push_back(fmt::format("{} python procs: {} req/s at c={} = x{:.2f} the best of threads/async (wins if >= {})",
                                     wl, f(thr("procs", hi)), hi, win, kWinRatio));
    checks.push_back(plateau && win >= kWinRatio);
  }
  if (checks.empty() && v.evidence.empty())
    v.evidence.push_back("no ok python-engine cpu cells with iters >= 150000 for all three models");
  v.outcome = combine(checks);
  return v;
}

Verdict verdict_io(const std::vector<Point>& pts) {
  Verdict v;
  v.id = 2;
  v.hypothesis = "I/O-bound: async gives the best tail latency at high concurrency; threads are competitive at moderate concurrency; processes are overkill.";
  v.rule = fmt::format(
      "For each io workload with wait_ms > 0 and each engine, with c_hi the highest concurrency measured "
      "for all three models and c_mod the highest common level <= c_hi/2: (a) p99_async(c_hi) <= {} x "
      "min(p99_threads, p99_procs); (b) throughput_threads(c_mod) >= {} x the best throughput at c_mod; "
      "(c) throughput_procs(c_hi) <= {} x max(threads, async) (processes buy no throughput). "
      "Supported if (a), (b) and (c) hold everywhere.", kTailSlack, kCompetitive, kOverkill);
  std::vector<bool> checks;
  auto wls = workloads_where(pts, [](const Point& p) { return p.mode == "io" && p.wait_ms > 0; });
  for (auto& wl : wls)
    for (auto& engine : engines_of(pts)) {
      auto xs = common_levels(pts, engine, wl);
      if (xs.size() < 2) continue;
      double hi = xs.back(), mod = xs.front();
      for (double x : xs)
        if (x <= hi / 2) mod = x;
      auto get = [&](const std::string& m, double x, const char* metric, bool hib) {
        return best(pts, m, engine, wl, x, metric, hib);
      };
      auto pa = get("async", hi, "lat_p99_us", false), pt = get("threads", hi, "lat_p99_us", false),
           pp = get("procs", hi, "lat_p99_us", false);
      if (!pa || !pt || !pp) continue;
      bool a = *pa <= kTailSlack * std::min(*pt, *pp);
      v.evidence.push_back(fmt::format("{} {} c={}: p99 async {} us, threads {} us, procs {} us -> (a) {}", wl, engine, hi,
                                       f(*pa), f(*pt), f(*pp), a ? "holds" : "fails"));
      double tt = *get("threads", mod, "throughput_rps", true);
      double best_mod = std::max({tt, *get("async", mod, "throughput_rps", true), *get("procs", mod, "throughput_rps", true)});
      bool b = tt >= kCompetitive * best_mod;
      v.evidence.push_back(fmt::format("{} {} c={}: threads {} req/s vs best {} req/s (x{:.2f}) -> (b) {}", wl, engine, mod,
                                       f(tt), f(best_mod), tt / std::max(best_mod, 1e-9), b ? "holds" : "fails"));
      double tp = *get("procs", hi, "throughput_rps", true);
      double rival = std::max(*get("threads", hi, "throughput_rps", true), *get("async", hi, "throughput_rps", true));
      bool c = tp <= kOverkill * rival;
      v.evidence.push_back(fmt::format("{} {} c={}: procs {} req/s vs best of threads/async {} req/s (x{:.2f}) -> (c) {}", wl,
                                       engine, hi, f(tp), f(rival), tp / std::max(rival, 1e-9), c ? "holds" : "fails"));
      checks.push_back(a && b && c);
    }
  if (checks.empty()) v.evidence.push_back("no io workload with wait_ms > 0 measured for all three models at two or more concurrency levels");
  v.outcome = combine(checks);
  return v;
}

Verdict verdict_memory(const std::vector<Point>& pts) {
  Verdict v;
  v.id = 3;
  v.hypothesis = "Memory: threads ≲ async ≪ processes.";
  v.rule = fmt::format(
      "Per engine, the median over all ok gilbench cells of each model's peak PSS of the whole process "
      "tree (RSS if PSS is missing): threads <= {} x async, and procs >= {} x max(threads, async). "
      "Supported if both hold for every engine measured with all three models.", kAboutEqual, kMuchLess);
  std::vector<bool> checks;
  for (auto& engine : engines_of(pts)) {
    std::map<std::string, std::vector<double>> mem;
    bool used_rss = false;
    for (auto& p : pts) {
      if (p.target != "gilbench" || p.engine != engine) continue;
      auto m = p.get("pss_kb");
      if (!m) {
        m = p.get("rss_kb");
        used_rss = used_rss || m.has_value();
      }
      if (m) mem[p.model].push_back(*m);
    }
    if (mem["threads"].empty() || mem["async"].empty() || mem["procs"].empty()) continue;
    double t = stat_of(mem["threads"]).median, a = stat_of(mem["async"]).median, pr = stat_of(mem["procs"]).median;
    bool ok1 = t <= kAboutEqual * a, ok2 = pr >= kMuchLess * std::max(t, a);
    v.evidence.push_back(fmt::format("{}: {} threads {} KiB, async {} KiB, procs {} KiB (threads/async x{:.2f}, procs/max x{:.2f})",
                                     engine, used_rss ? "RSS" : "PSS", f(t), f(a), f(pr), t / a, pr / std::max(t, a)));
    checks.push_back(ok1 && ok2);
  }
  if (checks.empty()) v.evidence.push_back("no memory samples for all three models on any engine");
  v.outcome = combine(checks);
  return v;
}

std::vector<Verdict> verdicts(const std::vector<Point>& pts) {
  std::vector<Verdict> out = {verdict_cpu(pts), verdict_io(pts), verdict_memory(pts)};
  for (auto& v : out) v.answer = fmt::format("H{}: {}", v.id, to_string(v.outcome));
  return out;
}

}  // namespace gilbench::report
