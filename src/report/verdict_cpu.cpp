// H1: CPU-bound, threads (and async) plateau under the GIL; processes win
// for moderate and larger task sizes. docs/methodology.md, "Verdict rules".
#include <fmt/format.h>

#include <map>

#include "report/compare.h"
#include "report/rules.h"

namespace gilbench::report {

using namespace rules;
using results::Engine;
using results::Model;

namespace {
// cpu workloads of gilbench closed-loop points, by task size.
std::map<double, std::string> cpu_workloads(const std::vector<Point>& pts) {
  std::map<double, std::string> out;
  for (auto& p : pts)
    if (p.target == "gilbench" && p.loop == "closed" && p.mode == "cpu") out[p.iters] = p.workload;
  return out;
}

// One (task size, workers) check: indices into Verdict::comparisons.
struct Check {
  std::string workload;
  int workers = 0;
  double c_lo = 0, c_hi = 0;
  int native = -1, python = -1, procs = -1;
};

std::string supported_answer(const Verdict& v, const Check& k) {
  auto& cs = v.comparisons;
  return fmt::format(
      "CPU-bound, Python ({}, {} workers): processes carry {} the throughput of threads; threads speed up {} "
      "from c={} to c={} where native threads reach {}: the GIL serialises threads",
      k.workload, k.workers, figure(cs[k.procs]), figure(cs[k.python]), k.c_lo, k.c_hi, figure(cs[k.native]));
}

// Adds the comparisons of one (task size, workers) check to v and its claims
// to `claims`; false (with a line of evidence) when the cells are missing.
bool check_one(Verdict& v, const std::vector<Point>& pts, Check& k, bool moderate, std::vector<Claim>& claims,
               std::vector<std::string>& reasons) {
  const std::string& wl = k.workload;
  Series py{Model::threads, Engine::python, k.workers}, nat{Model::threads, Engine::native, k.workers};
  auto xs = common_levels(pts, {py, nat}, wl);
  if (xs.size() < 2 || xs.front() >= k.workers || xs.back() < k.workers) {
    v.evidence.push_back(fmt::format(
        "{}, w{}: no threads/native control at levels from below to at least the workers; skipped", wl, k.workers));
    return false;
  }
  k.c_lo = xs.front();
  k.c_hi = xs.back();
  auto speedup = [&](const Series& s, bool above) {
    return ratio(*find(pts, s, wl, k.c_hi), *find(pts, s, wl, k.c_lo), "throughput_rps", "throughput", kScales, above);
  };
  const std::string at = fmt::format("with {} workers on {}", k.workers, wl);
  const std::string from = fmt::format("from c={} to c={}", k.c_lo, k.c_hi);
  k.native = add(v, speedup(nat, true), fmt::format("{}, native threads (the control) speed up {{fig}} {}", at, from));
  k.python = add(v, speedup(py, false), fmt::format("{}, python threads speed up {{fig}} {}", at, from));
  Claim plateau = one(v, k.python);
  if (v.comparisons[k.native].outcome != Outcome::supported && plateau.outcome != Outcome::not_supported) {
    plateau = {Outcome::inconclusive, k.native};
    // The control's own numbers are listed with the comparisons (or, when it
    // clearly failed, are the decisive one): the reason says what it implies.
    reasons.push_back(
        fmt::format("{}, w{}: without a clear threads/native speedup (the control), no plateau can be "
                    "credited to the GIL",
                    wl, k.workers));
  }
  claims.push_back(plateau);
  std::vector<Claim> procs;
  for (Model m : {Model::procs, Model::offload}) {
    const Point* a = find(pts, {m, Engine::python, k.workers}, wl, k.c_hi);
    if (!a) continue;
    auto c = ratio(*a, *find(pts, py, wl, k.c_hi), "throughput_rps", "throughput", kProcsWin, true);
    c.decides = moderate;
    int i = add(v, c,
                fmt::format("{} and the python engine, {} carry {{fig}} the throughput of threads at c={}", at,
                            m == Model::procs ? "processes" : "offload's process pools", k.c_hi));
    procs.push_back(one(v, i));
    if (k.procs < 0) k.procs = i;
  }
  if (moderate) {
    if (procs.empty())
      v.evidence.push_back(
          fmt::format("{}, w{}: no procs/python or offload/python; processes not measured", wl, k.workers));
    claims.push_back(any_of(procs));
  }
  for (Engine engine : {Engine::python, Engine::native}) {  // async: context
    Series as{Model::async, engine, 0};
    if (find(pts, as, wl, k.c_lo) && find(pts, as, wl, k.c_hi)) {
      auto c = speedup(as, false);
      c.decides = false;
      add(v, c, fmt::format("{}, async/{} (one thread) speeds up {{fig}} {}", at, engine, from));
    }
  }
  return true;
}
}  // namespace

Verdict verdict_cpu(const std::vector<Point>& pts) {
  Verdict v;
  v.id = 1;
  v.hypothesis =
      "CPU-bound: threads and async plateau under the GIL; processes win for moderate and larger task sizes.";
  v.rule = fmt::format(
      "For each cpu task size and each worker count w >= 2 with threads/python and threads/native measured, "
      "c_lo < w <= c_hi the lowest and highest concurrency both have: (control) threads/native speeds up from c_lo "
      "to c_hi by more than {0}x; (plateau) threads/python by less than {0}x, so the plateau is the GIL's and not "
      "the machine's; (processes win, iters >= {1}) procs/python (or offload/python) at w carries more than "
      "{2}x the throughput of threads/python at w at c_hi. Each figure is a ratio with a 95% t interval on log "
      "values (paired by round within a run; over the runs' estimates when runs are combined), which must clear "
      "the threshold; async (one thread on both "
      "engines, so it plateaus without the GIL) is shown as context. Supported if every check holds; not "
      "supported if any fails; inconclusive if none fails but an interval straddles its threshold, a side has "
      "fewer than {3} clean repetitions or a degraded one, or the native control did not scale.",
      kScales, kModerateIters, kProcsWin, kMinReps);
  std::vector<Claim> claims;
  std::vector<std::string> reasons;
  std::vector<Check> checks;
  for (auto& [iters, wl] : cpu_workloads(pts))
    for (int w : worker_counts(pts, Model::threads, Engine::python, wl)) {
      Check k{wl, w};
      if (w >= 2 && check_one(v, pts, k, iters >= kModerateIters, claims, reasons)) checks.push_back(k);
    }
  if (checks.empty() && v.evidence.empty())
    v.evidence.push_back("no cpu cells of threads/python with two or more workers");
  // The headline: processes against threads at the smallest moderate task size.
  const Check* head = nullptr;
  for (auto& k : checks)
    if (!head && k.procs >= 0 && v.comparisons[k.procs].decides) head = &k;
  conclude(v, claims, head ? head->procs : -1, reasons);
  v.answer = v.outcome == Outcome::supported && head ? supported_answer(v, *head) : plain_answer("CPU-bound", v);
  return v;
}

}  // namespace gilbench::report
