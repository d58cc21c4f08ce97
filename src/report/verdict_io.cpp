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
  int threads_w = 0, procs_w = 0;
  double c_mod = 0, c_hi = 0, rate = 0;
  int tail = -1, competitive = -1, cost = -1;
};

std::string supported_answer(const Verdict& v, const Check& k) {
  auto& cs = v.comparisons;
  return fmt::format(
      "I/O-bound ({}, {}): at c={} async's p99 is {} that of a {}-thread pool; at c={} threads carry {} async's "
      "throughput; at {} req/s processes spend {} the CPU seconds of threads per answered request",
      k.workload, k.engine, k.c_hi, figure(cs[k.tail]), k.threads_w, k.c_mod, figure(cs[k.competitive]), k.rate,
      figure(cs[k.cost]));
}

// Largest worker count of model at workload (0 if none).
int largest(const std::vector<Point>& pts, Model m, Engine e, const std::string& wl) {
  auto ws = worker_counts(pts, m, e, wl);
  return ws.empty() ? 0 : ws.back();
}

// (a) async's p99 against threads' and procs' at one level: superiority.
std::vector<Claim> best_tail(Verdict& v, const Point& as, const Point& th, const Point& pr, const std::string& at,
                             int* first) {
  int t = add(v, ratio(as, th, "lat_p99_us", "p99", kBest, false),
              fmt::format("{}, async's p99 is {{fig}} that of threads/{} w{}", at, th.engine, th.workers));
  int p = add(v, ratio(as, pr, "lat_p99_us", "p99", kBest, false),
              fmt::format("{}, async's p99 is {{fig}} that of processes w{}", at, pr.workers));
  if (first && *first < 0) *first = t;
  return {one(v, t), one(v, p)};
}

// The comparisons of one (workload, engine), added to v; their conjunction,
// or nothing (with a line of evidence) when the design cannot test H2.
std::optional<Claim> check_one(Verdict& v, const std::vector<Point>& pts, Check& k) {
  const std::string& wl = k.workload;
  k.threads_w = largest(pts, Model::threads, k.engine, wl);
  k.procs_w = largest(pts, Model::procs, k.engine, wl);
  if (!k.threads_w || !k.procs_w) return std::nullopt;
  Series th{Model::threads, k.engine, k.threads_w}, pr{Model::procs, k.engine, k.procs_w}, as{Model::async, k.engine, 0};
  auto xs = common_levels(pts, {th, pr, as}, wl);
  if (xs.empty()) return std::nullopt;
  k.c_hi = xs.back();
  const std::string who = fmt::format("{} {} (threads w{}, procs w{})", wl, k.engine, k.threads_w, k.procs_w);
  if (k.c_hi < kHighConcurrency || k.threads_w < k.c_hi) {
    v.evidence.push_back(fmt::format("{}: highest common concurrency c={} must reach {} and the thread pool must be at "
                                     "least that large (else queueing, not the model, decides); skipped",
                                     who, k.c_hi, kHighConcurrency));
    return std::nullopt;
  }
  for (double x : xs)
    if (x <= kModerateMax) k.c_mod = x;
  auto rates = common_levels(pts, {th, pr, as}, wl, "open");
  if (!rates.empty()) k.rate = rates.back();
  auto at = [&](const Series& s, double x, const char* loop = "closed") { return *find(pts, s, wl, x, loop); };
  const std::string hi = fmt::format("at c={} ({}, {})", k.c_hi, wl, k.engine);
  std::vector<Claim> mine = best_tail(v, at(as, k.c_hi), at(th, k.c_hi), at(pr, k.c_hi), hi, &k.tail);
  if (k.rate > 0) {
    const std::string r = fmt::format("at {} req/s open loop ({}, {})", k.rate, wl, k.engine);
    for (auto& c : best_tail(v, at(as, k.rate, "open"), at(th, k.rate, "open"), at(pr, k.rate, "open"), r, nullptr))
      mine.push_back(c);
    const Point &P = at(pr, k.rate, "open"), &T = at(th, k.rate, "open");
    k.cost = add(v, per_answer(P, T, "cpu_util", "CPU seconds", kMargin, true),
                 r + ", processes spend {fig} the CPU seconds of threads per answered request");
    int gain = add(v, ratio(T, P, "lat_p99_us", "p99 (threads / procs: the tail processes buy)", kMargin, false),
                   r + ", threads' p99 is {fig} that of processes");
    mine.push_back(all_of({one(v, k.cost), one(v, gain)}));
  } else {
    v.evidence.push_back(who + ": no open-loop rate common to the three; (a) at equal offered load and (c) not measured");
    mine.push_back({});
  }
  if (k.c_mod > 0) {
    k.competitive = add(v, equivalent(at(th, k.c_mod), at(as, k.c_mod), "throughput_rps", "throughput", kMargin),
                        fmt::format("at c={} ({}, {}), threads carry {{fig}} async's throughput", k.c_mod, wl, k.engine));
    mine.push_back(one(v, k.competitive));
  } else {
    v.evidence.push_back(fmt::format("{}: no common concurrency <= {}; (b) not measured", who, kModerateMax));
    mine.push_back({});
  }
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
      "For each io workload with a wait and each engine, each model sized as deployed: threads with its largest "
      "pool (at least c_hi), procs with its most workers, async its one loop; c_hi the highest concurrency common "
      "to the three (at least {0}), c_mod the highest common one <= {1}, and the highest common open-loop rate. "
      "(a) best tail, superiority: p99 of async / p99 of threads and of procs wholly below {2}, at c_hi and at the "
      "open-loop rate; (b) competitive, equivalence: throughput of threads / async at c_mod with its 90% interval "
      "within {3}–{4}; (c) overkill: at the open-loop rate processes spend more than {4}x the CPU seconds of "
      "threads per answered request, and threads' p99 / procs' is below {4} (processes buy no tail). Ratios are "
      "t intervals on log values (95%; 90% for equivalence), paired by round within a run, across runs when "
      "runs are combined. Supported if every check holds, not supported if any fails, else inconclusive.",
      kHighConcurrency, kModerateMax, kBest, 1 / kMargin, kMargin);
  std::vector<Claim> claims;
  std::vector<Check> checks;
  for (auto& [wl, engines] : io_workloads(pts))
    for (Engine engine : engines) {
      Check k{wl, engine};
      if (auto claim = check_one(v, pts, k)) {
        claims.push_back(*claim);
        checks.push_back(k);
      }
    }
  if (checks.empty())
    v.evidence.push_back(
        fmt::format("no io workload with a wait measured for threads, procs and async at {} connections or more",
                    kHighConcurrency));
  const Check* head = nullptr;
  for (auto& k : checks)
    if (!head && k.competitive >= 0 && k.cost >= 0) head = &k;
  conclude(v, claims, head ? head->tail : (checks.empty() ? -1 : checks.front().tail));
  v.answer = v.outcome == Outcome::supported && head ? supported_answer(v, *head) : plain_answer("I/O-bound", v);
  return v;
}

}  // namespace gilbench::report
