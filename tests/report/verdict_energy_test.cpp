// The plan's energy hypothesis on synthetic rows: decided where energy per
// answer was measured, "not measured" with the sweep's reason otherwise.
#include "report/verdict_energy.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace gilbench::report {
namespace {

struct Cell {
  std::string model, mode;
  int workers = 0;
  double mj = -1;  // energy per answer; < 0: column empty
};

std::vector<results::Row> rows(const std::vector<Cell>& cells, const std::string& source) {
  std::vector<results::Row> out;
  for (auto& x : cells)
    for (int k = 0; k < 3; ++k) {
      const double s = 0.98 + 0.02 * k;
      out.push_back({{"status", "ok"}, {"rep", std::to_string(k)}, {"target", "gilbench"}, {"model", x.model},
                     {"engine", "python"}, {"workers", std::to_string(x.workers)}, {"workload", x.mode},
                     {"iters", x.mode == "cpu" ? "150000" : ""}, {"wait_ms", x.mode == "io" ? "10" : ""},
                     {"loop", "closed"}, {"connections", "8"}, {"throughput_rps", "100"},
                     {"energy_source", source},
                     {"energy_per_req_mj", x.mj < 0 ? "" : fmt::format("{}", x.mj * s)}});
    }
  return out;
}

std::vector<Cell> world(double procs_cpu, double async_io) {
  return {{"procs", "cpu", 2, procs_cpu}, {"threads", "cpu", 2, 50}, {"async", "cpu", 0, 52},
          {"procs", "io", 2, 30},         {"threads", "io", 2, 25},  {"async", "io", 0, async_io}};
}

TEST(EnergyVerdict, SupportedWhenProcsCostMostOnCpuAndAsyncLeastOnIo) {
  auto v = verdict_energy(aggregate(rows(world(80, 12), "powercap intel-rapl (package-0)"), ""), "");
  EXPECT_EQ(v.outcome, Outcome::supported) << v.answer;
  ASSERT_EQ(v.comparisons.size(), 4u);
  EXPECT_NEAR(v.comparisons[0].estimate, 80.0 / 50, 1e-9);  // procs / threads on cpu
  EXPECT_NE(v.answer.find("energy per answer"), std::string::npos) << v.answer;
}

TEST(EnergyVerdict, NotSupportedWhenAsyncCostsMoreOnIo) {
  auto v = verdict_energy(aggregate(rows(world(80, 40), "powercap intel-rapl (package-0)"), ""), "");
  EXPECT_EQ(v.outcome, Outcome::not_supported) << v.answer;
}

TEST(EnergyVerdict, NotMeasuredSaysWhyAndNamesTheProxy) {
  std::vector<Cell> none = {{"procs", "cpu", 2, -1}, {"threads", "cpu", 2, -1}};
  Results res;
  res.rows = rows(none, "not measured: no RAPL zone under /sys/class/powercap");
  res.points = aggregate(res.rows, "");
  const std::string why = energy_not_measured_reason(res);
  EXPECT_EQ(why, "no RAPL zone under /sys/class/powercap");
  auto v = verdict_energy(res.points, why);
  EXPECT_EQ(v.outcome, Outcome::not_measured);
  EXPECT_EQ(v.answer, "Energy: not measured (no RAPL zone under /sys/class/powercap); CPU-seconds per answered request "
                      "is the stated proxy");
  res.rows = {{{"status", "ok"}}};  // a CSV from before the energy columns
  EXPECT_EQ(energy_not_measured_reason(res), "this run's CSV has no energy columns");
}

}  // namespace
}  // namespace gilbench::report
