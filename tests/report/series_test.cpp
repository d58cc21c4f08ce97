// A series is the whole target configuration: targets that differ only in a
// server setting (here gil.toml's switch intervals) are separate series whose
// labels name the setting, never one line with a spread across settings.
#include <gtest/gtest.h>

#include <set>

#include "report/data.h"
#include "sweep/cell_files.h"
#include "sweep/spec.h"

namespace gilbench::report {
namespace {

TEST(Series, GilExperimentsThreeSwitchIntervalsAreThreeSeries) {
  auto e = sweep::load_experiment(std::string(GILBENCH_FIXTURES) + "/../../experiments/gil.toml");
  std::vector<results::Row> rows;
  for (auto& c : e.cells()) {
    auto r = sweep::base_row(e, c);
    r["status"] = "ok";
    r["throughput_rps"] = "10";
    rows.push_back(r);
  }
  std::set<std::string> w4;
  for (auto& p : aggregate(rows, ""))
    if (p.model == "threads" && p.engine == "python" && p.workers == 4) w4.insert(p.series);
  EXPECT_EQ(w4, (std::set<std::string>{"threads/python w4", "threads/python w4 si=1ms", "threads/python w4 si=20ms"}));
}

TEST(Series, EverySettingKeysTheSeriesAndDistributionsKeyTheWorkload) {
  results::Row r{{"target", "gilbench"}, {"model", "threads"}, {"engine", "native"}, {"workers", "2"},
               {"queue", "8"}, {"on_full", "reject"}, {"db_offload", "inline"}, {"server_args", "--max-iters 9"},
               {"workload", "io"}, {"wait_ms", "10"}, {"wait_dist", "fixed"}, {"key_dist", "zipf"}};
  EXPECT_EQ(series_of(r), "threads/native w2 q=8 full=reject db=inline args='--max-iters 9'");
  EXPECT_EQ(workload_of(r), "io wait=10ms fixed zipf");
  r["wait_dist"] = "exp";
  r["key_dist"] = "uniform";
  EXPECT_EQ(workload_of(r), "io wait=10ms");
}

// Only clean repetitions enter a point's figures; the others are counted.
TEST(Series, DegradedAndGeneratorBoundRepsAreCountedNotAggregated) {
  auto row = [](std::string status, std::string gen, std::string thr, std::string rep) {
    return results::Row{{"target", "gilbench"}, {"model", "async"}, {"engine", "native"}, {"workers", "1"},
                      {"workload", "noop"}, {"loop", "closed"}, {"connections", "4"}, {"status", status},
                      {"generator_bound", gen}, {"throughput_rps", thr}, {"rep", rep}, {"cell_id", "c"},
                      {"noisy", rep == "3" ? "1" : "0"}};
  };
  auto pts = aggregate({row("ok", "0", "100", "0"), row("ok", "0", "120", "1"), row("degraded", "0", "5", "2"),
                        row("ok", "1", "7", "3"), row("failed", "0", "", "4"), row("ok", "0", "110", "5")},
                       "/r");
  ASSERT_EQ(pts.size(), 1u);
  auto& p = pts[0];
  EXPECT_EQ(p.ok_reps, 3);
  EXPECT_EQ(p.degraded_reps, 1);
  EXPECT_EQ(p.generator_bound_reps, 1);
  EXPECT_EQ(p.failed_reps, 1);
  EXPECT_EQ(p.noisy_reps, 1);
  EXPECT_DOUBLE_EQ(*p.get("throughput_rps"), 110);
  EXPECT_EQ(p.values.at("throughput_rps").size(), 3u);
  EXPECT_EQ(p.cell_dir, "/r/cells/c-r5") << "the median rep's spectrum, not the first rep's";
}

}  // namespace
}  // namespace gilbench::report
