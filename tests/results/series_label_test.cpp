// The one series label: the sweep labels a TargetSpec, the report labels the
// row the sweep wrote from it, and both must read the same, byte for byte.
#include <gtest/gtest.h>

#include "results/series.h"
#include "sweep/spec.h"

namespace gilbench::results {
namespace {

TEST(SeriesLabel, ExactTextOfGilbenchSeriesAndOtherTargets) {
  SeriesKey k{"gilbench", "threads", "python", 4, {{"switch_interval_ms", "1"}}};
  EXPECT_EQ(series_label(k), "threads/python w4 si=1ms");
  // Label order is the columns' order, whatever order the settings were set in.
  k = {"gilbench", "procs", "native", 2,
       {{"server_args", "--max-iters 9"}, {"db_offload", "inline"}, {"on_full", "reject"}, {"queue", "8"},
        {"switch_interval_ms", "0.5"}}};
  EXPECT_EQ(series_label(k), "procs/native w2 si=0.5ms q=8 full=reject db=inline args='--max-iters 9'");
  // A peer is named by its target column, not by the model it imitates.
  EXPECT_EQ(series_label({"peer:aiohttp", "async", "python", 4, {}}), "peer:aiohttp w4");
  EXPECT_EQ(series_label({"my_app&co", "", "", 1, {}}), "my_app&co w1");
}

TEST(SeriesLabel, RowRoundTripKeepsTheKey) {
  const SeriesKey k{"gilbench", "async", "native", 1,
                    {{"switch_interval_ms", "20"}, {"queue", "64"}, {"on_full", "block"}, {"db_offload", "thread"},
                     {"server_args", "--x 1"}}};
  Row r;
  put_series(r, k);
  EXPECT_EQ(r.at("switch_interval_ms"), "20");
  EXPECT_EQ(r.at("workers"), "1");
  const SeriesKey back = series_key(r);
  EXPECT_EQ(back.settings, k.settings);
  EXPECT_EQ(series_label(back), "async/native w1 si=20ms q=64 full=block db=thread args='--x 1'");
  // Default settings are not written at all, so the CSV field stays empty;
  // an empty field reads back as the default.
  Row plain;
  put_series(plain, {"peer:flask", "threads", "python", 2, {}});
  EXPECT_EQ(plain.count("queue"), 0u);
  plain["on_full"] = "";
  EXPECT_TRUE(series_key(plain).settings.empty());
  EXPECT_EQ(series_label(series_key(plain)), "peer:flask w2");
}

// What the sweep prints and writes to capacity.csv (TargetSpec::label) is
// what the report reads back from results.csv (series_key of the row).
TEST(SeriesLabel, SweepAndReportLabelEveryTargetOfAnExperimentAlike) {
  auto e = sweep::parse_experiment(R"(name = "t"
concurrency = [1]

[[target]]
model = ["threads", "procs"]
engine = ["python"]
workers = [4]
switch_interval_ms = 1

[[target]]
model = ["async"]
queue = 8
on_full = "reject"
args = ["--max-iters", "9"]

[[target]]
target = "peer:aiohttp"
workers = 2

[[workload]]
mode = "noop"
)",
                                   "t.toml");
  std::vector<std::string> labels;
  for (auto& t : e.targets) {
    Row r;
    put_series(r, t.series_key());
    EXPECT_EQ(series_label(series_key(r)), t.label());
    labels.push_back(t.label());
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"threads/python w4 si=1ms", "procs/python w4 si=1ms",
                                              "async/native w1 q=8 full=reject args='--max-iters 9'",
                                              "peer:aiohttp w2"}));
}

}  // namespace
}  // namespace gilbench::results
