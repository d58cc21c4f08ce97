// Verdicts from synthetic results with known answers: a world where all
// three hypotheses hold (three repetitions within ±3%), then one change at a
// time that refutes each, spreads the repetitions too wide to decide, or
// leaves too few ok repetitions.
#include "report/verdict.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "report/compare.h"
#include "results/csv.h"

namespace gilbench::report {
namespace {

struct Cell {
  std::string model, engine;
  int workers = 0;
  std::string mode;  // cpu (param = iters) or io (param = wait_ms)
  double param = 0;
  int c = 0;  // connections; 0 with rate > 0: open loop
  double thr = 0, p99 = 0, pss = 0, cpu = 0;
  double rate = 0;
};

// The design of quick.toml (rule version 2026-12-02). H1 on cpu
// iters=150000 at 2 workers, c=1 and 4. H2 on io with a 10 ms wait: threads
// with a 256-thread pool, procs with 8 workers, async, at c=16 and 256 and
// 200 req/s open loop. H3 at c=16: threads at 2 and 256 workers (+0.1 MiB a
// worker), procs at 2 and 8 (+5 MiB a worker), async.
std::vector<Cell> world() {
  std::vector<Cell> w;
  auto cpu = [&](const char* m, const char* e, int wk, double t1, double t4) {
    w.push_back({m, e, wk, "cpu", 150000, 1, t1, 50000, 30000, 1});
    w.push_back({m, e, wk, "cpu", 150000, 4, t4, 200000, 30000, 1});
  };
  cpu("threads", "native", 2, 100, 190);
  cpu("threads", "python", 2, 20, 21);
  cpu("procs", "python", 2, 20, 38);
  cpu("async", "python", 1, 20, 20);
  auto io = [&](const char* m, int wk, int c, double thr, double p99, double pss, double cpu_util, double rate = 0) {
    w.push_back({m, "python", wk, "io", 10, c, thr, p99, pss, cpu_util, rate});
  };
  io("threads", 256, 16, 1500, 20000, 20000 + 254 * 102.4, 0.6);
  io("async", 1, 16, 1520, 15000, 18000, 0.5);
  io("procs", 8, 16, 780, 30000, 60000 + 6 * 5120, 0.7);
  io("threads", 2, 16, 190, 90000, 20000, 0.2);
  io("procs", 2, 16, 190, 90000, 60000, 0.2);
  io("threads", 256, 256, 4000, 200000, 46000, 0.9);
  io("async", 1, 256, 4500, 90000, 19000, 0.9);
  io("procs", 8, 256, 790, 400000, 91000, 0.9);
  io("threads", 256, 0, 200, 30000, 45000, 0.2, 200);
  io("async", 1, 0, 200, 15000, 18000, 0.15, 200);
  io("procs", 8, 0, 200, 25000, 90000, 0.4, 200);
  return w;
}

void change(std::vector<Cell>& w, const std::string& model, const std::string& mode, int c,
            const std::function<void(Cell&)>& f) {
  for (auto& x : w)
    if (x.model == model && x.mode == mode && (c == 0 || x.c == c)) f(x);
}

// One row per (cell, repetition); repetition k scales every figure by
// spread[k] (a drift shared by the round: paired ratios are unchanged), or
// with `rotate` by spread[(k + m) % n] for the model's index m (so the
// sides of a comparison move differently).
std::vector<results::Row> rows(const std::vector<Cell>& w, const std::vector<double>& spread = {0.97, 1.0, 1.03},
                               bool rotate = false) {
  std::vector<results::Row> out;
  for (auto& x : w)
    for (std::size_t k = 0; k < spread.size(); ++k) {
      std::size_t m = x.model == "threads" ? (x.engine == "native" ? 3 : 0) : x.model == "procs" ? 1 : 2;
      double s = spread[rotate ? (k + m) % spread.size() : k];
      out.push_back({{"status", "ok"},
                     {"rep", std::to_string(k)},
                     {"target", "gilbench"},
                     {"model", x.model},
                     {"engine", x.engine},
                     {"workers", std::to_string(x.workers)},
                     {"workload", x.mode},
                     {"iters", x.mode == "cpu" ? fmt::format("{}", x.param) : ""},
                     {"wait_ms", x.mode == "io" ? fmt::format("{}", x.param) : ""},
                     {"loop", x.rate > 0 ? "open" : "closed"},
                     {"connections", std::to_string(x.rate > 0 ? 64 : x.c)},
                     {"rate_rps", x.rate > 0 ? fmt::format("{}", x.rate) : ""},
                     {"requests", "1000"},
                     {"ok", "1000"},
                     {"throughput_rps", fmt::format("{}", x.thr * s)},
                     {"lat_p99_us", fmt::format("{}", x.p99 * s)},
                     {"pss_kb", fmt::format("{}", x.pss * s)},
                     {"rss_kb", fmt::format("{}", x.pss * 1.5 * s)},
                     {"cpu_util", fmt::format("{}", x.cpu * s)}});
    }
  return out;
}

Verdict verdict(int id, const std::vector<results::Row>& rs) {
  return verdicts(aggregate(rs, "")).at(static_cast<std::size_t>(id - 1));
}

// Verdict `id` on the world after one change.
Verdict after(int id, const std::string& model, const std::string& mode, int c, const std::function<void(Cell&)>& f) {
  auto w = world();
  change(w, model, mode, c, f);
  return verdict(id, rows(w));
}

const Comparison& decisive(const Verdict& v) { return v.comparisons.at(static_cast<std::size_t>(v.decisive)); }

std::string all(const Verdict& v) { return fmt::format("{}", fmt::join(v.evidence, "\n")); }

TEST(Verdict, AllThreeSupportedWithTheirDecisiveNumbers) {
  auto vs = verdicts(aggregate(rows(world()), ""));
  ASSERT_EQ(vs.size(), 3u);
  for (auto& v : vs) {
    EXPECT_EQ(v.outcome, Outcome::supported) << v.id << ": " << v.answer << "\n" << all(v);
    EXPECT_TRUE(v.why_inconclusive.empty());
    EXPECT_FALSE(v.rule.empty());
    EXPECT_EQ(v.runs, 1);
  }
  // H1: procs/threads python at c=4 = 38/21 in every round (the rounds'
  // shared ±3% cancels in the paired ratio): a zero-width interval.
  auto& h1 = decisive(vs[0]);
  EXPECT_EQ(h1.what, "procs/python w2 vs threads/python w2: throughput, cpu iters=150000, c=4");
  EXPECT_NEAR(h1.estimate, 38.0 / 21, 1e-12);
  EXPECT_NEAR(h1.lo, 38.0 / 21, 1e-12);
  EXPECT_NEAR(h1.hi, 38.0 / 21, 1e-12);
  EXPECT_EQ(h1.method, "paired t over rounds");
  EXPECT_EQ(h1.n_a, 3);
  EXPECT_NE(vs[0].answer.find("processes carry 1.81x (1.81–1.81) the throughput of threads"), std::string::npos)
      << vs[0].answer;
  // H2's headline: async p99 / threads p99 at c=256 = 90000/200000.
  EXPECT_NEAR(decisive(vs[1]).estimate, 0.45, 1e-12);
  EXPECT_NE(vs[1].answer.find("c=256"), std::string::npos) << vs[1].answer;
  EXPECT_NE(all(vs[1]).find("rate=200/s"), std::string::npos) << all(vs[1]);
  // H3: the per-worker PSS slope of procs (5 MiB) minus that of threads
  // (0.1 MiB); round k scales every cell by s_k, so round k's difference is
  // 4.9 * s_k: mean 4.9, sd 4.9 * 0.03, t(0.975, 2) = 4.302653.
  auto& h3 = decisive(vs[2]);
  EXPECT_EQ(h3.unit, "MiB/worker");
  EXPECT_NEAR(h3.estimate, 4.9, 1e-9);
  EXPECT_NEAR(h3.hi - h3.estimate, 4.302652729911275 * 4.9 * 0.03 / std::sqrt(3.0), 1e-9);
}

TEST(Verdict, CpuNotSupportedWhenPythonThreadsScale) {
  auto v = after(1, "threads", "cpu", 4, [](Cell& x) { x.thr = x.engine == "python" ? 36 : x.thr; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what, "threads/python w2: throughput, c=4 vs c=1, cpu iters=150000");
  EXPECT_EQ(v.answer,
            "CPU-bound: with 2 workers on cpu iters=150000, python threads speed up 1.80x (1.80–1.80) from c=1 to c=4 "
            "(the rule asks < 1.40)");
}

TEST(Verdict, CpuNotSupportedWhenProcessesDoNotWin) {
  auto v = after(1, "procs", "cpu", 4, [](Cell& x) { x.thr = 22; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what, "procs/python w2 vs threads/python w2: throughput, cpu iters=150000, c=4");
}

TEST(Verdict, CpuInconclusiveWhenNativeControlDoesNotScale) {
  // A machine that gives no second core: the python plateau proves nothing.
  auto v = after(1, "threads", "cpu", 4, [](Cell& x) { x.thr = x.engine == "native" ? 105 : x.thr; });
  EXPECT_EQ(v.outcome, Outcome::inconclusive);
  EXPECT_NE(
      v.why_inconclusive.find("w2: without a clear threads/native speedup (the control), no plateau can be credited"),
      std::string::npos)
      << v.why_inconclusive;
  EXPECT_EQ(decisive(v).what, "threads/native w2: throughput, c=4 vs c=1, cpu iters=150000");
}

TEST(Verdict, CpuNotMeasuredWithoutNativeControl) {
  auto w = world();
  std::erase_if(w, [](const Cell& x) { return x.engine == "native"; });
  auto v = verdict(1, rows(w));
  EXPECT_EQ(v.outcome, Outcome::not_measured);
  EXPECT_EQ(v.decisive, -1);
  EXPECT_NE(v.answer.find("no threads/native control"), std::string::npos) << v.answer;
}

TEST(Verdict, CpuNeedsLevelsFromOneWorkerBusyToAll) {
  // From c=2 to c=4 with 2 workers measures no scaling at all: skipped.
  auto w = world();
  for (auto& x : w)
    if (x.mode == "cpu" && x.c == 1) x.c = 2;
  auto v = verdict(1, rows(w));
  EXPECT_EQ(v.outcome, Outcome::not_measured);
  EXPECT_TRUE(v.comparisons.empty());
}

TEST(Verdict, CpuSmallTaskProcessesAreContextOnly) {
  // At 80k iterations (below the moderate size) processes losing refutes nothing.
  auto w = world();
  for (auto& x : w)
    if (x.mode == "cpu") x.param = 80000;
  change(w, "procs", "cpu", 4, [](Cell& x) { x.thr = 22; });
  auto v = verdict(1, rows(w));
  EXPECT_EQ(v.outcome, Outcome::supported) << fmt::format("{}", fmt::join(v.evidence, "\n"));
}

TEST(Verdict, IoNotSupportedWhenThreadsHaveTheBestTail) {
  auto v = after(2, "threads", "io", 256, [](Cell& x) { x.p99 = x.workers == 256 ? 80000 : x.p99; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what, "async/python w1 vs threads/python w256: p99, io wait=10ms, c=256");
}

TEST(Verdict, IoBestTailIsSuperiorityNotNonInferiority) {
  // async 5% slower than threads: "within 10% of the best" once counted as
  // best; a superiority claim needs the interval wholly below 1.
  auto v = after(2, "async", "io", 256, [](Cell& x) { x.p99 = 210000; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_NEAR(decisive(v).estimate, 1.05, 1e-12);
}

TEST(Verdict, IoTailAtEqualOfferedLoadCounts) {
  auto v = after(2, "async", "io", 0, [](Cell& x) { x.p99 = x.rate > 0 ? 45000 : x.p99; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what, "async/python w1 vs threads/python w256: p99, io wait=10ms, rate=200/s");
}

TEST(Verdict, IoNotSupportedWhenProcessesCostNoMore) {
  auto v = after(2, "procs", "io", 0, [](Cell& x) { x.cpu = x.rate > 0 ? 0.2 : x.cpu; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what,
            "procs/python w8 vs threads/python w256: CPU seconds per answered request, io wait=10ms, rate=200/s");
}

TEST(Verdict, IoNotSupportedWhenProcessesBuyTheTail) {
  EXPECT_EQ(after(2, "procs", "io", 0, [](Cell& x) { x.p99 = x.rate > 0 ? 10000 : x.p99; }).outcome,
            Outcome::not_supported);
}

TEST(Verdict, IoCompetitiveIsEquivalenceBothWays) {
  // Threads well below async, or well above: either way not "the same".
  for (double thr : {1000.0, 2000.0}) {
    auto v = after(2, "threads", "io", 16, [&](Cell& x) { x.thr = x.workers == 256 ? thr : x.thr; });
    EXPECT_EQ(v.outcome, Outcome::not_supported) << thr;
    EXPECT_EQ(decisive(v).test, report::Test::equivalence);
    EXPECT_DOUBLE_EQ(decisive(v).level, 0.90);
  }
  auto close = after(2, "threads", "io", 16, [](Cell& x) { x.thr = x.workers == 256 ? 1300 : x.thr; });
  EXPECT_EQ(close.outcome, Outcome::supported) << all(close);
}

TEST(Verdict, IoSkippedWhenThePoolOrTheLevelIsTooSmall) {
  auto w = world();
  std::erase_if(w, [](const Cell& x) { return x.workers == 256; });  // threads' largest pool is 2
  auto v = verdict(2, rows(w));
  EXPECT_EQ(v.outcome, Outcome::not_measured);
  EXPECT_NE(all(v).find("thread pool must be at least that large"), std::string::npos) << all(v);
  w = world();
  std::erase_if(w, [](const Cell& x) { return x.c == 256; });
  EXPECT_EQ(verdict(2, rows(w)).outcome, Outcome::not_measured);
}

TEST(Verdict, MemoryNotSupportedWhenProcessesAreCheap) {
  // procs grow 0.5 MiB a worker: 0.5 - 0.1 is below the 1 MiB margin.
  auto v = after(3, "procs", "io", 16, [](Cell& x) { x.pss = x.workers == 8 ? 60000 + 6 * 512 : x.pss; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what,
            "PSS per worker: procs/python w2 -> procs/python w8 minus threads/python w2 -> threads/python w256, io "
            "wait=10ms, c=16");
  EXPECT_NEAR(decisive(v).estimate, 0.4, 1e-9);
}

TEST(Verdict, MemoryNotSupportedWhenThreadsOutgrowAsync) {
  EXPECT_EQ(after(3, "threads", "io", 16, [](Cell& x) { x.pss = x.workers == 2 ? 40000 : x.pss; }).outcome,
            Outcome::not_supported);
}

TEST(Verdict, EachInconclusiveWhenRepetitionsSpreadWidely) {
  auto rs = rows(world(), {0.5, 1.0, 1.6}, true);
  for (int id = 1; id <= 3; ++id) {
    auto v = verdict(id, rs);
    EXPECT_EQ(v.outcome, Outcome::inconclusive) << id << ": " << v.answer;
    EXPECT_NE(v.why_inconclusive.find("straddles"), std::string::npos) << id << ": " << v.why_inconclusive;
    EXPECT_NE(v.answer.find("(the rule asks "), std::string::npos) << v.answer;
  }
}

TEST(Verdict, EachInconclusiveWithTooFewRepetitions) {
  auto rs = rows(world(), {0.99, 1.01});
  for (int id = 1; id <= 3; ++id) {
    auto v = verdict(id, rs);
    EXPECT_EQ(v.outcome, Outcome::inconclusive) << id;
    EXPECT_NE(v.why_inconclusive.find("2/2 ok repetitions, fewer than the 3 needed"), std::string::npos)
        << v.why_inconclusive;
  }
}

TEST(Verdict, AnUncleanRepetitionGatesItsComparisonAndNamesTheCell) {
  // Three extra reps of procs at c=4 that would refute H1 are degraded,
  // failed or generator-bound: they never enter the figure, but the
  // comparison at that cell cannot decide, and says which cell.
  auto w = world();
  auto rs = rows(w);
  auto bad_world = w;
  std::erase_if(bad_world, [](const Cell& x) { return !(x.model == "procs" && x.mode == "cpu" && x.c == 4); });
  auto bad = rows(bad_world, {1.0, 1.0, 1.0});
  const char* how[] = {"degraded", "failed", "ok"};
  for (std::size_t i = 0; i < bad.size(); ++i) {
    bad[i]["status"] = how[i];
    bad[i]["rep"] = std::to_string(3 + i);
    bad[i]["throughput_rps"] = "1";
    if (i == 2) bad[i]["generator_bound"] = "1";
  }
  rs.insert(rs.end(), bad.begin(), bad.end());
  auto v = verdict(1, rs);
  EXPECT_EQ(v.outcome, Outcome::inconclusive);
  EXPECT_NE(v.why_inconclusive.find("procs/python w2, cpu iters=150000, c=4: 3 of 6 repetitions degraded, failed or "
                                    "generator-bound"),
            std::string::npos)
      << v.why_inconclusive;
}

TEST(Verdict, ALevelWithNoCleanRepetitionIsListedNotDropped) {
  // Every repetition of procs at c=4 degraded: the level stays, and H1 is
  // inconclusive naming the cell (it once dropped out of the common levels).
  auto rs = rows(world());
  for (auto& r : rs)
    if (r["model"] == "procs" && r["workload"] == "cpu" && r["connections"] == "4") r["status"] = "degraded";
  auto v = verdict(1, rs);
  EXPECT_EQ(v.outcome, Outcome::inconclusive);
  EXPECT_NE(v.why_inconclusive.find("procs/python w2, cpu iters=150000, c=4: 3 of 3 repetitions degraded"),
            std::string::npos)
      << v.why_inconclusive;
}

TEST(Verdict, FailedRequestsAboveTheLimitGateATail) {
  auto rs = rows(world());
  for (auto& r : rs)
    if (r["model"] == "async" && r["connections"] == "256") r["ok"] = "998";  // 0.2% failed
  auto v = verdict(2, rs);
  EXPECT_EQ(v.outcome, Outcome::inconclusive);
  EXPECT_NE(v.why_inconclusive.find("a repetition failed 0.2% of its requests"), std::string::npos)
      << v.why_inconclusive;
}

TEST(Verdict, DefaultConfigurationDecidesWhereSettingsDiffer) {
  // A second threads/python w2 series with another switch interval, whose
  // python threads would scale: the default (shortest label) decides.
  auto pts = aggregate(rows(world()), "");
  std::vector<Point> extra;
  for (auto& p : pts)
    if (p.model == "threads" && p.engine == "python" && p.mode == "cpu") {
      Point q = p;
      q.series += " si=1ms";
      for (auto& t : q.values["throughput_rps"]) t *= p.x == 4 ? 3 : 1;
      extra.push_back(q);
    }
  ASSERT_EQ(extra.size(), 2u);
  pts.insert(pts.begin(), extra.begin(), extra.end());
  EXPECT_EQ(verdict_cpu(pts).outcome, Outcome::supported);
  for (auto& p : pts)
    if (p.series == "threads/python w2") p.series += " si=20ms";  // now the longer label
  EXPECT_EQ(verdict_cpu(pts).outcome, Outcome::not_supported);
}

TEST(Verdict, PeersNeverDecide) {
  auto rs = rows(world());
  for (auto& r : rs) r["target"] = "peer:flask-threads";
  for (int id = 1; id <= 3; ++id) EXPECT_EQ(verdict(id, rs).outcome, Outcome::not_measured) << id;
}

TEST(Verdict, CombinatorsOrderOutcomes) {
  using rules::Claim;
  Claim s{Outcome::supported, 0}, n{Outcome::not_supported, 1}, i{Outcome::inconclusive, 2}, m{};
  EXPECT_EQ(rules::all_of({s, i, n}).comparison, 1);
  EXPECT_EQ(rules::all_of({s, i}).outcome, Outcome::inconclusive);
  EXPECT_EQ(rules::all_of({s, s}).outcome, Outcome::supported);
  EXPECT_EQ(rules::all_of({}).outcome, Outcome::not_measured);
  EXPECT_EQ(rules::any_of({n, i, s}).comparison, 0);
  EXPECT_EQ(rules::any_of({n, i}).outcome, Outcome::inconclusive);
  EXPECT_EQ(rules::any_of({n, m}).outcome, Outcome::not_supported);
}

}  // namespace
}  // namespace gilbench::report
