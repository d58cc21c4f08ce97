// H2: I/O-bound, async gives the best tail latency at high concurrency;
// threads are competitive at moderate concurrency; processes are overkill.
// docs/methodology.md, "Verdict rules".
#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "report/compare.h"
#include "report/rules.h"

namespace gilbench::report {

using namespace rules;
using results::Engine;
using results::Model;

namespace {
// io workloads with a wait, of gilbench closed-loop points, and their engines.
std::map<std::string, std::set<Engine>> io_workloads(const std::vector<Point>& pts) {
  std::map<std::string, std::set<Engine>> out;
  for (auto& p : pts)
    if (p.target == "gilbench" && p.loop == "closed" && p.kind == workloads::Kind::io && p.wait_ms > 0)
      if (auto e = results::parse<Engine>(p.engine)) out[p.workload].insert(*e);
  return out;
}

struct Check {
  std::string workload;
  Engine engine = Engine::native;
  int workers = 0;
  double c_mod = 0, c_hi = 0;
  int tail = -1, competitive = -1, cost = -1, gain = -1;
};

std::string supported_answer(const Verdict& v, const Check& k) {
  auto& cs = v.comparisons;
  return fmt::format(
      "I/O-bound ({}, {}): at c={} async's p99 is {} that of threads with {} workers; at c={} threads carry {} "
      "async's throughput; processes cost {} threads' PSS per answered request for a p99 gain of {}",
      k.workload, k.engine, k.c_hi, figure(cs[k.tail]), k.workers, k.c_mod, figure(cs[k.competitive]),
      figure(cs[k.cost]), figure(cs[k.gain]));
}

// The comparisons of one (workload, engine, workers) budget, added to v;
// their conjunction, or nothing (with a line of evidence) when the levels
// do not reach kPastWorkers x workers.
std::optional<Claim> check_one(Verdict& v, const std::vector<Point>& pts, Check& k) {
  const std::string& wl = k.workload;
  const int w = k.workers;
  Series th{Model::threads, k.engine, w}, pr{Model::procs, k.engine, w}, as{Model::async, k.engine, 0};
  auto xs = common_levels(pts, {th, pr, as}, wl);
  if (xs.empty()) return std::nullopt;
  k.c_hi = xs.back();
  if (k.c_hi < kPastWorkers * w) {
    v.evidence.push_back(fmt::format("{} {} w{}: highest common concurrency c={} is below {} x workers; skipped", wl,
                                     k.engine, w, k.c_hi, kPastWorkers));
    return std::nullopt;
  }
  for (double x : xs)
    if (x <= w) k.c_mod = x;
  auto at = [&](const Series& s, double c) { return *find(pts, s, wl, c); };
  // (a) the best tail at c_hi
  const std::string hi = fmt::format("at c={} ({}, {})", k.c_hi, wl, k.engine);
  const std::string mod = fmt::format("at c={} ({}, {})", k.c_mod, wl, k.engine);
  k.tail = add(v, ratio(at(as, k.c_hi), at(th, k.c_hi), "lat_p99_us", "p99", kTail, false),
               fmt::format("{}, async's p99 is {{fig}} that of threads with {} workers", hi, w));
  int tail_p = add(v, ratio(at(as, k.c_hi), at(pr, k.c_hi), "lat_p99_us", "p99", kTail, false),
                   fmt::format("{}, async's p99 is {{fig}} that of processes with {} workers", hi, w));
  std::vector<Claim> mine = {one(v, k.tail), one(v, tail_p)};
  // (b) competitive at c_mod
  if (k.c_mod > 0) {
    k.competitive = add(v, ratio(at(th, k.c_mod), at(as, k.c_mod), "throughput_rps", "throughput", kCompetitive, true),
                        fmt::format("{}, threads with {} workers carry {{fig}} async's throughput", mod, w));
    int cp = add(v, ratio(at(th, k.c_mod), at(pr, k.c_mod), "throughput_rps", "throughput", kCompetitive, true),
                 fmt::format("{}, threads with {} workers carry {{fig}} the throughput of processes", mod, w));
    mine.push_back(one(v, k.competitive));
    mine.push_back(one(v, cp));
  } else {
    v.evidence.push_back(fmt::format("{} {} w{}: no common concurrency <= {}; (b) not measured", wl, k.engine, w, w));
    mine.push_back({});
  }
  // (c) overkill: a higher cost per answer (either) without a matching gain (neither)
  const Point &P = at(pr, k.c_hi), &T = at(th, k.c_hi);
  const std::string procs = fmt::format("{}, processes with {} workers", hi, w);
  k.cost = add(v, per_answer(P, T, "pss_kb", "PSS", kOverkill, true),
               procs + " cost {fig} the PSS of threads per answered request");
  int cpu = add(v, per_answer(P, T, "cpu_util", "CPU seconds", kOverkill, true),
                procs + " cost {fig} the CPU seconds of threads per answered request");
  int thr = add(v, ratio(P, T, "throughput_rps", "throughput", kOverkill, false),
                procs + " carry {fig} the throughput of threads");
  k.gain = add(v, ratio(T, P, "lat_p99_us", "p99 (threads / procs: the tail gain of procs)", kOverkill, false),
               procs + " cut p99 by {fig} against threads");
  mine.push_back(all_of({any_of({one(v, k.cost), one(v, cpu)}), one(v, thr), one(v, k.gain)}));
  return all_of(mine);
}
}  // namespace

Verdict verdict_io(const std::vector<Point>& pts) {
  Verdict v;
  v.id = 2;
  v.hypothesis =
      "I/O-bound: async gives the best tail latency at high concurrency; threads are competitive at moderate "
      "concurrency; processes are overkill.";
  v.rule = fmt::format(
      "For each io workload with a wait, each engine and each worker budget w that threads and procs share, "
      "c_hi the highest concurrency common to threads, procs and async (it must reach {0} x w) and c_mod the "
      "highest common one <= w: (a) best tail: p99 of async / p99 of threads and of procs at c_hi below {1}; "
      "(b) competitive: throughput of threads / that of async and of procs at c_mod above {2}; (c) overkill: "
      "procs cost more than {3}x threads per answered request at c_hi (PSS or CPU seconds), while gaining "
      "less than {3}x in throughput and in p99 (p99 of threads / p99 of procs). Each figure is a ratio of "
      "medians over ok repetitions with a 95% bootstrap interval that must clear its threshold. Supported if "
      "every check holds, not supported if any fails, else inconclusive (an interval straddles its threshold "
      "or fewer than {4} ok repetitions).",
      kPastWorkers, kTail, kCompetitive, kOverkill, kMinReps);
  std::vector<Claim> claims;
  std::vector<Check> checks;
  for (auto& [wl, engines] : io_workloads(pts))
    for (Engine engine : engines)
      for (int w : worker_counts(pts, Model::threads, engine, wl)) {
        Check k{wl, engine, w};
        if (auto claim = check_one(v, pts, k)) {
          claims.push_back(*claim);
          checks.push_back(k);
        }
      }
  if (checks.empty())
    v.evidence.push_back(
        fmt::format("no io workload with a wait measured for threads, procs (same workers) and async "
                    "up to {} x workers",
                    kPastWorkers));
  const Check* head = nullptr;
  for (auto& k : checks)
    if (!head && k.competitive >= 0) head = &k;
  conclude(v, claims, head ? head->tail : (checks.empty() ? -1 : checks.front().tail));
  v.answer = v.outcome == Outcome::supported && head ? supported_answer(v, *head) : plain_answer("I/O-bound", v);
  return v;
}

}  // namespace gilbench::report
