// The plan's optional energy hypothesis: "mp highest under CPU; async most
// efficient when I/O wait dominated", on joules per answered request.
// docs/methodology.md, "Energy". Not one of H1-H3: it is decided only where
// the sweep read the machine's energy counters, and says why not otherwise.
#include <fmt/format.h>

#include "report/compare.h"
#include "report/verdict_energy.h"

namespace gilbench::report {

using namespace rules;
using results::Engine;
using results::Model;

namespace {
// The widest worker count `model` has on `wl` (0 for async: one loop).
int widest(const std::vector<Point>& pts, Model m, const std::string& wl) {
  if (m == Model::async) return 0;
  auto ws = worker_counts(pts, m, Engine::python, wl);
  return ws.empty() ? -1 : ws.back();
}

// `a` against each rival at their highest common concurrency, on energy
// per answer: above 1 (a costs more) or below 1 (a costs less).
std::vector<Claim> against(Verdict& v, const std::vector<Point>& pts, const std::string& wl, Model a,
                           const std::vector<Model>& rivals, bool above, const std::string& verb) {
  std::vector<Claim> out;
  const Series sa{a, Engine::python, widest(pts, a, wl)};
  for (Model r : rivals) {
    const Series sr{r, Engine::python, widest(pts, r, wl)};
    if (sa.workers < 0 || sr.workers < 0) continue;
    auto xs = common_levels(pts, {sa, sr}, wl);
    if (xs.empty()) continue;
    auto c = ratio(*find(pts, sa, wl, xs.back()), *find(pts, sr, wl, xs.back()), "energy_per_req_mj",
                   "energy per answer", kEnergySame, above);
    out.push_back(one(v, add(v, c, fmt::format("on {} at c={}, {} {} {{fig}} the energy per answer of {}", wl,
                                               xs.back(), a, verb, r))));
  }
  if (out.empty()) v.evidence.push_back(fmt::format("{}: no {} and rival python series with energy", wl, a));
  return out;
}
}  // namespace

Verdict verdict_energy(const std::vector<Point>& pts, const std::string& why_not) {
  Verdict v;
  v.id = 4;
  v.hypothesis = "Energy: processes use the most energy per answer under CPU-bound load; async is the most efficient "
                 "when I/O wait dominates";
  v.rule = fmt::format("Joules (package + DRAM) per answered request, python engine, each model at its widest "
                       "workers and the highest common concurrency: procs / threads and procs / async > {} on the "
                       "pure-Python cpu workload, and async / threads and async / procs < {} on the io workload "
                       "with the longest wait.", kEnergySame, kEnergySame);
  std::string cpu, io;
  double wait = -1;
  for (auto& p : pts) {
    if (p.target != "gilbench" || !p.get("energy_per_req_mj")) continue;
    if (p.mode == "cpu") cpu = p.workload;
    if (p.kind == workloads::Kind::io && p.wait_ms > wait) wait = p.wait_ms, io = p.workload;
  }
  if (cpu.empty() && io.empty()) {
    v.answer = "Energy: not measured (" + why_not + "); CPU-seconds per answered request is the stated proxy";
    return v;
  }
  std::vector<Claim> claims;
  if (cpu.empty()) claims.push_back({});
  else claims.push_back(all_of(against(v, pts, cpu, Model::procs, {Model::threads, Model::async}, true, "use")));
  if (io.empty()) claims.push_back({});
  else claims.push_back(all_of(against(v, pts, io, Model::async, {Model::threads, Model::procs}, false, "uses")));
  conclude(v, claims, v.comparisons.empty() ? -1 : 0);
  v.answer = plain_answer("Energy", v);
  return v;
}

std::string energy_not_measured_reason(const Results& res) {
  for (auto& r : res.rows) {
    auto s = results::text(r, "energy_source");
    if (s.rfind("not measured: ", 0) == 0) return s.substr(14);
  }
  return "this run's CSV has no energy columns";
}

}  // namespace gilbench::report
