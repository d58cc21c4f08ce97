// Runs as the unit of replication (report/combine.h): one run's verdicts are
// "within this run" and a too-noisy run cannot decide alone; several runs
// give the between-run interval; runs of different experiments or rule
// versions are refused; verdicts.json records it all.
#include "report/combine.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <stdexcept>

#include "report/compare.h"
#include "report/rules.h"
#include "report/sections.h"

namespace gilbench::report {
namespace {

// H1's cells only: threads native/python, procs python at 2 workers, cpu
// 150k, c=1 and 4, three rounds each scaled by the round's shared drift;
// procs carry `procs4` at c=4 against threads' 21.
Results run(double procs4, bool noisy = false, const std::string& experiment = "name = \"quick\"\n") {
  Results r;
  r.dir = fmt::format("results/run-{}", procs4);
  r.env["experiment"] = experiment;
  struct C {
    const char *model, *engine;
    int c;
    double thr;
  };
  const C cells[] = {{"threads", "native", 1, 100}, {"threads", "native", 4, 190}, {"threads", "python", 1, 20},
                     {"threads", "python", 4, 21},  {"procs", "python", 1, 20},    {"procs", "python", 4, procs4}};
  const double drift[] = {0.9, 1.0, 1.1};
  for (auto& c : cells)
    for (int k = 0; k < 3; ++k)
      r.rows.push_back({{"status", "ok"}, {"rep", std::to_string(k)}, {"target", "gilbench"}, {"model", c.model},
                        {"engine", c.engine}, {"workers", "2"}, {"workload", "cpu"}, {"iters", "150000"},
                        {"loop", "closed"}, {"connections", std::to_string(c.c)}, {"noisy", noisy ? "1" : "0"},
                        {"throughput_rps", fmt::format("{}", c.thr * drift[k])}});
  r.points = aggregate(r.rows, "");
  return r;
}

const Comparison& decisive(const Verdict& v) { return v.comparisons.at(static_cast<std::size_t>(v.decisive)); }

TEST(Combine, OneRunIsWithinThisRun) {
  auto j = judge({run(38)});
  ASSERT_EQ(j.runs.size(), 1u);
  auto& h1 = j.verdicts.at(0);
  EXPECT_EQ(h1.outcome, Outcome::supported) << h1.why_inconclusive;
  EXPECT_EQ(h1.runs, 1);
  EXPECT_EQ(scope_of(h1), "within this run");
  EXPECT_EQ(rules::interval_label(decisive(h1)), "95% paired t over rounds, within this run");
}

TEST(Combine, ANoisyRunCannotDecideAlone) {
  auto j = judge({run(38, true)});
  EXPECT_FALSE(j.runs[0].decides_alone);
  EXPECT_EQ(j.verdicts.at(0).outcome, Outcome::inconclusive);
  EXPECT_NE(j.verdicts[0].why_inconclusive.find("cannot decide alone: 18 of 18 cells were noisy, above the 25% limit"),
            std::string::npos)
      << j.verdicts[0].why_inconclusive;
}

TEST(Combine, ThreeRunsGiveTheBetweenRunInterval) {
  // Each run's H1 ratio is exact (the drift cancels within a run): 38/21,
  // 40/21, 36/21. Across runs: mean of the logs ± t(0.975, 2) sd / sqrt(3).
  auto j = judge({run(38, true), run(40, true), run(36, true)});
  auto& h1 = j.verdicts.at(0);
  EXPECT_EQ(h1.runs, 3);
  EXPECT_EQ(scope_of(h1), "over 3 runs");
  auto& c = decisive(h1);
  ASSERT_EQ(c.run_estimates.size(), 3u);
  EXPECT_NEAR(c.run_estimates[1], 40.0 / 21, 1e-9);
  double l[] = {std::log(38.0 / 21), std::log(40.0 / 21), std::log(36.0 / 21)};
  double m = (l[0] + l[1] + l[2]) / 3, sd = 0;
  for (double x : l) sd += (x - m) * (x - m) / 2;
  sd = std::sqrt(sd);
  EXPECT_NEAR(c.estimate, std::exp(m), 1e-9);
  EXPECT_NEAR(c.lo, std::exp(m - 4.302652729911275 * sd / std::sqrt(3.0)), 1e-9);
  EXPECT_NEAR(c.hi, std::exp(m + 4.302652729911275 * sd / std::sqrt(3.0)), 1e-9);
  EXPECT_EQ(c.method, "t over runs");
  // Noisy runs still contribute their estimates; the combination decides.
  EXPECT_EQ(h1.outcome, Outcome::supported) << h1.why_inconclusive;
}

TEST(Combine, RunsThatDisagreeAreInconclusiveNotSplit) {
  // One run says processes win by 1.81x, another that they do not (1.05x):
  // across runs the interval straddles 1.3.
  auto j = judge({run(38), run(22), run(30)});
  EXPECT_EQ(j.runs[0].verdicts[0].outcome, Outcome::supported);
  EXPECT_EQ(j.runs[1].verdicts[0].outcome, Outcome::not_supported);
  EXPECT_EQ(j.verdicts[0].outcome, Outcome::inconclusive);
}

TEST(Combine, RefusesDifferentExperimentsAndRuleVersions) {
  try {
    judge({run(38), run(38, false, "name = \"full\"\n")});
    FAIL() << "different experiments combined";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("are runs of different experiment files"), std::string::npos) << e.what();
  }
  auto old = run(38);
  old.env["rules_version"] = "1999-01-01";
  try {
    judge({run(38), old});
    FAIL() << "different rule versions combined";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              fmt::format("results/run-38 was made under rule version 1999-01-01, this report applies {}; runs of "
                          "different rule versions do not combine",
                          rules::kVersion));
  }
  EXPECT_THROW(judge({}), std::runtime_error);
}

TEST(Combine, VerdictsJsonRecordsMethodLevelRunsAndEstimates) {
  auto j = judge({run(38), run(40), run(36)});
  auto v = boost::json::parse(verdicts_json(j)).as_object();
  EXPECT_EQ(v.at("rule_version").as_string(), rules::kVersion);
  EXPECT_EQ(v.at("number_of_runs").as_int64(), 3);
  ASSERT_EQ(v.at("runs").as_array().size(), 3u);
  auto& h1 = v.at("verdicts").as_array().at(0).as_object();
  EXPECT_EQ(h1.at("outcome").as_string(), "supported");
  EXPECT_EQ(h1.at("scope").as_string(), "over 3 runs");
  bool found = false;
  for (auto& c : h1.at("comparisons").as_array()) {
    auto& o = c.as_object();
    if (o.at("what").as_string() != "procs/python w2 vs threads/python w2: throughput, cpu iters=150000, c=4") continue;
    found = true;
    EXPECT_EQ(o.at("method").as_string(), "t over runs");
    EXPECT_DOUBLE_EQ(o.at("level").as_double(), 0.95);
    EXPECT_EQ(o.at("runs").as_int64(), 3);
    EXPECT_EQ(o.at("run_estimates").as_array().size(), 3u);
    EXPECT_EQ(o.at("claim").as_string(), "> 1.30");
  }
  EXPECT_TRUE(found);
}

TEST(Combine, MethodSummaryNamesTheSeedOfTheRows) {
  // The sweep writes the seed in every row's `seed` column, not in env.json.
  auto r = run(38);
  for (auto& row : r.rows) row["seed"] = "4705113477218374074";
  auto s = method_summary(r);
  EXPECT_NE(s.find("shuffled from seed 4705113477218374074"), std::string::npos) << s;
  EXPECT_EQ(s.find("no shuffle seed recorded"), std::string::npos) << s;
}

TEST(Combine, PercentilesReachingACensoredRequestPrintAsLowerBounds) {
  // 2% of a cell's requests censored: p99 and p99.9 include them (≥), p50
  // and p95 do not. Lives here with the other gates of issue 18.
  Results r;
  r.rows.push_back({{"status", "degraded"}, {"rep", "0"}, {"target", "gilbench"}, {"model", "async"},
                    {"engine", "python"}, {"workers", "1"}, {"workload", "io"}, {"wait_ms", "10"},
                    {"loop", "closed"}, {"connections", "256"}, {"requests", "1000"}, {"ok", "980"},
                    {"censored", "20"}, {"throughput_rps", "500"}, {"lat_p50_us", "20000"}, {"lat_p95_us", "40000"},
                    {"lat_p99_us", "2000000"}, {"lat_p999_us", "2100000"}});
  r.points = aggregate(r.rows, "");
  Document d;
  workload_blocks(d, r, {});
  const std::vector<std::string>* row = nullptr;
  for (auto& b : d)
    if (b.kind == Block::table && !b.rows.empty() && b.header.size() > 6 && b.header[6] == "p99 (ms)") row = &b.rows[0];
  ASSERT_NE(row, nullptr);
  EXPECT_EQ((*row)[4], "20.0");
  EXPECT_EQ((*row)[5], "40.0");
  EXPECT_EQ((*row)[6], "≥ 2000");
  EXPECT_EQ((*row)[7], "≥ 2100");
}

}  // namespace
}  // namespace gilbench::report
