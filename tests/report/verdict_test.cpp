// Verdicts from synthetic results with known answers: a world where all
// three hypotheses hold (three repetitions within ±3%), then one change at a
// time that refutes each, spreads the repetitions too wide to decide, or
// leaves too few ok repetitions.
#include "report/verdict.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

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
  int c = 0;
  double thr = 0, p99 = 0, pss = 0, cpu = 0;
};

// H1 on cpu iters=150000 at 2 workers, c=1 and 4; H2 and H3 on io with a
// 10 ms wait at 2 workers, c=2 and 8, plus 4 workers at c=8 for the slopes.
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
  auto io = [&](const char* m, int wk, int c, double thr, double p99, double pss, double cpu_util) {
    w.push_back({m, "python", wk, "io", 10, c, thr, p99, pss, cpu_util});
  };
  io("threads", 2, 2, 190, 12000, 20000, 0.2);
  io("async", 1, 2, 195, 11000, 18000, 0.2);
  io("procs", 2, 2, 190, 12000, 60000, 0.2);
  io("threads", 2, 8, 195, 45000, 20000, 0.2);
  io("async", 1, 8, 700, 14000, 18000, 0.6);
  io("procs", 2, 8, 196, 44000, 60000, 0.2);
  io("threads", 4, 8, 390, 23000, 20500, 0.4);
  io("procs", 4, 8, 392, 22000, 100000, 0.4);
  return w;
}

void change(std::vector<Cell>& w, const std::string& model, const std::string& mode, int c,
            const std::function<void(Cell&)>& f) {
  for (auto& x : w)
    if (x.model == model && x.mode == mode && (c == 0 || x.c == c)) f(x);
}

// One row per (cell, repetition); repetition k scales every figure by spread[k].
std::vector<results::Row> rows(const std::vector<Cell>& w, const std::vector<double>& spread = {0.97, 1.0, 1.03}) {
  std::vector<results::Row> out;
  for (auto& x : w)
    for (std::size_t k = 0; k < spread.size(); ++k) {
      double s = spread[k];
      out.push_back({{"status", "ok"},
                     {"rep", std::to_string(k)},
                     {"target", "gilbench"},
                     {"model", x.model},
                     {"engine", x.engine},
                     {"workers", std::to_string(x.workers)},
                     {"workload", x.mode},
                     {"iters", x.mode == "cpu" ? fmt::format("{}", x.param) : ""},
                     {"wait_ms", x.mode == "io" ? fmt::format("{}", x.param) : ""},
                     {"loop", "closed"},
                     {"connections", std::to_string(x.c)},
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

TEST(Verdict, AllThreeSupportedWithTheirDecisiveNumbers) {
  auto vs = verdicts(aggregate(rows(world()), ""));
  ASSERT_EQ(vs.size(), 3u);
  for (auto& v : vs) {
    EXPECT_EQ(v.outcome, Outcome::supported) << v.id << ": " << v.answer << "\n"
                                             << fmt::format("{}", fmt::join(v.evidence, "\n"));
    EXPECT_TRUE(v.why_inconclusive.empty());
    EXPECT_FALSE(v.rule.empty());
  }
  // H1: procs/threads python at c=4 = 38/21; three reps at ±3%: the interval
  // is the extreme ratios 38*0.97/(21*1.03) .. 38*1.03/(21*0.97).
  auto& h1 = decisive(vs[0]);
  EXPECT_EQ(h1.what, "procs/python w2 vs threads/python w2: throughput, cpu iters=150000, c=4");
  EXPECT_NEAR(h1.estimate, 38.0 / 21, 1e-12);
  EXPECT_NEAR(h1.lo, 38 * 0.97 / (21 * 1.03), 1e-12);
  EXPECT_NEAR(h1.hi, 38 * 1.03 / (21 * 0.97), 1e-12);
  EXPECT_EQ(h1.n_a, 3);
  EXPECT_NE(vs[0].answer.find("processes carry 1.81x (1.70–1.92) the throughput of threads"), std::string::npos)
      << vs[0].answer;
  // H2's headline: async p99 / threads p99 at c=8 = 14000/45000.
  EXPECT_NEAR(decisive(vs[1]).estimate, 14000.0 / 45000, 1e-12);
  EXPECT_NE(vs[1].answer.find("c=8"), std::string::npos) << vs[1].answer;
  // H3 at the largest shared worker count (4): procs / threads PSS.
  EXPECT_NEAR(decisive(vs[2]).estimate, 100000.0 / 20500, 1e-12);
  bool slope_shown = false;
  for (auto& c : vs[2].comparisons)
    if (c.unit == "MiB/worker" && c.what.rfind("procs/python", 0) == 0) {
      slope_shown = true;
      // Two workers -> 60000 KiB, four -> 100000 KiB: 40000/2/1024 MiB per worker.
      EXPECT_NEAR(c.estimate, 40000.0 / 2 / 1024, 1e-9);
      EXPECT_FALSE(c.decides);
    }
  EXPECT_TRUE(slope_shown);
}

TEST(Verdict, CpuNotSupportedWhenPythonThreadsScale) {
  auto v = after(1, "threads", "cpu", 4, [](Cell& x) { x.thr = x.engine == "python" ? 36 : x.thr; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what, "threads/python w2: throughput, c=4 vs c=1, cpu iters=150000");
  EXPECT_EQ(v.answer,
            "CPU-bound: with 2 workers on cpu iters=150000, python threads speed up 1.80x (1.70–1.91) from c=1 to c=4 "
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
  auto v = after(2, "threads", "io", 8, [](Cell& x) { x.p99 = 10000; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what, "async/python w1 vs threads/python w2: p99, io wait=10ms, c=8");
}

TEST(Verdict, IoNotSupportedWhenProcessesCostNoMore) {
  auto v = after(2, "procs", "io", 0, [](Cell& x) { x.pss = 21000; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what, "procs/python w2 vs threads/python w2: PSS per answered request, io wait=10ms, c=8");
}

TEST(Verdict, IoNotSupportedWhenProcessesBuyTheTail) {
  EXPECT_EQ(after(2, "procs", "io", 8, [](Cell& x) { x.p99 = x.workers == 2 ? 20000 : x.p99; }).outcome,
            Outcome::not_supported);
}

TEST(Verdict, IoNotMeasuredBelowFourTimesTheWorkers) {
  auto w = world();
  std::erase_if(w, [](const Cell& x) { return x.mode == "io" && x.c == 8; });
  auto v = verdict(2, rows(w));
  EXPECT_EQ(v.outcome, Outcome::not_measured);
  EXPECT_NE(fmt::format("{}", fmt::join(v.evidence, "|")).find("below 4 x workers"), std::string::npos);
}

TEST(Verdict, MemoryNotSupportedWhenProcessesAreCheap) {
  auto v = after(3, "procs", "io", 0, [](Cell& x) { x.pss = 22000; });
  EXPECT_EQ(v.outcome, Outcome::not_supported);
  EXPECT_EQ(decisive(v).what, "procs/python w4 vs async/python w1: PSS, io wait=10ms, c=8");
}

TEST(Verdict, MemoryNotSupportedWhenThreadsOutgrowAsync) {
  EXPECT_EQ(after(3, "threads", "io", 8, [](Cell& x) { x.pss = 40000; }).outcome, Outcome::not_supported);
}

TEST(Verdict, EachInconclusiveWhenRepetitionsSpreadWidely) {
  auto rs = rows(world(), {0.5, 1.0, 1.6});
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

TEST(Verdict, DegradedFailedAndGeneratorBoundRepetitionsNeverDecide) {
  // Three extra reps per cell that would refute H1 (python threads scaling
  // 3x) are degraded, failed or ok but generator-bound: the verdict stays
  // supported; and with only two clean reps left it cannot be decided.
  auto w = world();
  auto bad_world = w;
  change(bad_world, "threads", "cpu", 4, [](Cell& x) { x.thr = x.engine == "python" ? 63 : x.thr; });
  auto unclean = [&](std::vector<results::Row> rs) {
    for (std::size_t i = 0; i < rs.size(); ++i) {
      rs[i]["status"] = i % 3 == 0 ? "degraded" : i % 3 == 1 ? "failed" : "ok";
      if (i % 3 == 2) rs[i]["generator_bound"] = "1";
    }
    return rs;
  };
  auto rs = rows(w);
  auto bad = unclean(rows(bad_world, {1.0, 1.0, 1.0}));
  rs.insert(rs.end(), bad.begin(), bad.end());
  EXPECT_EQ(verdict(1, rs).outcome, Outcome::supported);
  auto few = rows(w, {0.99, 1.01});
  few.insert(few.end(), bad.begin(), bad.end());
  auto v = verdict(1, few);
  EXPECT_EQ(v.outcome, Outcome::inconclusive);
  EXPECT_NE(v.why_inconclusive.find("2/2 ok repetitions"), std::string::npos) << v.why_inconclusive;
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
