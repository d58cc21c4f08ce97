// The sweep's judgement of one cell: status from its own figures, per-request
// figures over completed answers, the noise monitor and the /metrics probe.
#include <gtest/gtest.h>

#include "sweep/cell_files.h"
#include "sweep/metrics_probe.h"
#include "sweep/noise.h"

namespace gilbench::sweep {
namespace {

load::LoadResult result(std::uint64_t scheduled, std::uint64_t ok, std::uint64_t status_errors,
                        std::uint64_t censored) {
  load::LoadResult r;
  r.duration_s = 2;
  r.scheduled = scheduled;
  r.ok = ok;
  r.ok_completed = ok;
  r.requests = ok + status_errors;
  r.errors.status = status_errors;
  r.censored = censored;
  return r;
}

TEST(CellStatus, OkDegradedFailedAtTheOnePercentLine) {
  std::string why;
  EXPECT_EQ(cell_status(result(1000, 990, 10, 0), 0, why), results::Status::ok) << "10/1000 = 1% is not above 1%";
  EXPECT_EQ(why, "");
  EXPECT_EQ(cell_status(result(1000, 989, 10, 1), 0, why), results::Status::degraded) << "a censored request counts";
  EXPECT_NE(why.find("1.1% of requests"), std::string::npos) << why;
  EXPECT_NE(why.find("status=10"), std::string::npos) << why;
  EXPECT_NE(why.find("censored=1"), std::string::npos) << why;
  why.clear();
  // The case of the issue: 90,534 503s and 331 answers was "ok" with a p99 of 503s.
  EXPECT_EQ(cell_status(result(90865, 331, 90534, 0), 0, why), results::Status::degraded);
  why.clear();
  EXPECT_EQ(cell_status(result(50, 0, 50, 0), 0, why), results::Status::failed);
  EXPECT_NE(why.find("no 2xx answer"), std::string::npos) << why;
  why.clear();
  EXPECT_EQ(cell_status(result(1000, 1000, 0, 0), 2, why), results::Status::degraded);
  EXPECT_NE(why.find("2 worker restart(s)"), std::string::npos) << why;
}

// CPU and context switches per request divide by the answers completed in the
// window, not by requests sent (which are more than the answers in a slow cell).
TEST(CellStatus, PerRequestFiguresDivideByCompletedAnswers) {
  load::LoadResult r = result(100, 80, 0, 0);
  r.requests = 100;
  r.ok = 100;
  r.ok_completed = 80;
  TreeUsage u;
  u.samples = 5;
  u.cpu_user_s = 0.6;
  u.cpu_sys_s = 0.2;
  u.ctx_voluntary = 300;
  u.ctx_involuntary = 100;
  results::Row row;
  fill_proc(row, u, r);
  EXPECT_EQ(row["ok_completed"], "80");
  EXPECT_EQ(row["cpu_per_req_us"], "10000.0");  // 0.8 s / 80
  EXPECT_EQ(row["ctx_per_req"], "5.000");      // 400 / 80
}

class FakeNoise : public NoiseSource {
 public:
  std::string stat;
  double self = 0;
  std::string proc_stat() override { return stat; }
  std::string loadavg() override { return "3.50 2.00 1.00 2/100 999\n"; }
  std::optional<double> cpu_mhz() override { return std::nullopt; }
  double ticks_per_second() override { return 100; }
  double self_cpu_s() override { return self; }
};

TEST(Noise, OtherCpuIsTheMachineMinusTargetAndGenerator) {
  FakeNoise f;
  f.stat = "cpu  1000 0 500 8000 0 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8\n";
  NoiseMonitor m(f);
  m.start();
  // Over 2 s: 150 busy ticks (1.5 s) of user+system, 10 steal, 250 idle.
  f.stat = "cpu  1100 0 550 8250 0 0 0 10 0 0\n";
  f.self = 0.3;  // the generator
  auto r = m.stop(/*target_cpu_s=*/0.8, /*window_s=*/2.0);
  EXPECT_NEAR(r.other_cpu_pct, 100.0 * (1.5 - 0.8 - 0.3) / 2.0, 1e-9);  // 20% of a core: not above the limit
  EXPECT_NEAR(r.steal_pct, 100.0 * 10 / 410, 1e-9);
  EXPECT_TRUE(r.noisy) << "steal 2.4% is above 2%";
  EXPECT_NE(r.reason.find("steal"), std::string::npos);
  EXPECT_EQ(r.reason.find("other processes"), std::string::npos);
  ASSERT_TRUE(r.loadavg1.has_value());
  EXPECT_DOUBLE_EQ(*r.loadavg1, 3.5);
  EXPECT_FALSE(r.cpu_mhz.has_value());
}

TEST(Noise, BusyNeighboursMakeACellNoisyAndQuietOnesDoNot) {
  FakeNoise f;
  f.stat = "cpu  0 0 0 0 0 0 0 0\n";
  NoiseMonitor m(f);
  m.start();
  f.stat = "cpu  180 0 20 0 0 0 0 0\n";  // 2 s of busy CPU over a 1 s window: both cores
  auto busy = m.stop(0.5, 1.0);
  EXPECT_NEAR(busy.other_cpu_pct, 150.0, 1e-9);
  EXPECT_TRUE(busy.noisy);
  m.start();
  f.stat = "cpu  240 0 20 0 0 0 0 0\n";
  auto quiet = m.stop(0.6, 1.0);
  EXPECT_NEAR(quiet.other_cpu_pct, 0.0, 1e-9);
  EXPECT_FALSE(quiet.noisy);
  EXPECT_THROW(parse_proc_stat("intr 5\n"), std::runtime_error);
}

TEST(MetricsProbe, SumsACounterOverLabelSetsAndIgnoresLongerNames) {
  const char* text =
      "# HELP gilbench_worker_restarts_total Workers restarted\n"
      "# TYPE gilbench_worker_restarts_total counter\n"
      "gilbench_worker_restarts_total{worker=\"0\"} 2\n"
      "gilbench_worker_restarts_total{worker=\"1\"} 1\n"
      "gilbench_worker_restarts_total_created 17e8\n"
      "process_open_fds 12\n";
  EXPECT_EQ(metric_sum(text, "gilbench_worker_restarts_total"), 3.0);
  EXPECT_EQ(metric_sum(text, "process_open_fds"), 12.0);
  EXPECT_FALSE(metric_sum(text, "process_cpu_seconds_total").has_value());
}

}  // namespace
}  // namespace gilbench::sweep
