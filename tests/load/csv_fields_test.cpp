// The load group's new CSV columns (issue 9) from a constructed result:
// exact values, empty where a figure does not apply.
#include <gtest/gtest.h>

#include <map>

#include "load/load.h"

namespace gilbench::load {
namespace {

std::map<std::string, std::string> fields_of(const LoadResult& r) {
  std::map<std::string, std::string> m;
  for (const auto& [k, v] : csv_fields(r)) m[k] = v;
  return m;
}

TEST(LoadCsv, OpenLoopHonestyColumns) {
  LoadResult r;
  r.loop = "open";
  r.config.rate_rps = 1000;
  r.censored = 7;
  r.not_issued_end = 5;
  r.lat_clamped = 2;
  r.err_latency.record(300);
  r.send_delay.record(4);
  r.send_delay.record(1500);
  r.gil_wait.record(12);
  r.ipc.record(40);
  r.gen.cpu_pct = 12.34;
  r.gen.achieved_rps = 987.65;
  r.gen.bound = true;
  r.gen.reason = "own send lag p50 30 us is 30% of latency p50 100 us (>= 25%)";
  const auto f = fields_of(r);
  EXPECT_EQ(f.at("censored"), "7");
  EXPECT_EQ(f.at("not_issued_end"), "5");
  EXPECT_EQ(f.at("lat_clamped"), "2");
  EXPECT_EQ(f.at("err_lat_p50_us"), "300");
  EXPECT_EQ(f.at("err_lat_p99_us"), "300");
  EXPECT_EQ(f.at("send_delay_p50_us"), "4");
  EXPECT_EQ(f.at("send_delay_p99_us"), "1500");
  EXPECT_EQ(f.at("gen_cpu_pct"), "12.3");
  EXPECT_EQ(f.at("achieved_rps"), "987.6");
  EXPECT_EQ(f.at("generator_bound"), "1");
  EXPECT_EQ(f.at("generator_reason"), r.gen.reason);
  EXPECT_EQ(f.at("gil_wait_p50_us"), "12");
  EXPECT_EQ(f.at("gil_wait_p99_us"), "12");
  EXPECT_EQ(f.at("ipc_p50_us"), "40");
  EXPECT_EQ(f.at("ipc_p99_us"), "40");
}

TEST(LoadCsv, ClosedLoopAndAbsentFiguresAreEmpty) {
  LoadResult r;
  r.loop = "closed";
  const auto f = fields_of(r);
  EXPECT_EQ(f.at("censored"), "0");
  EXPECT_EQ(f.at("not_issued_end"), "");  // no schedule in a closed loop
  EXPECT_EQ(f.at("send_delay_p50_us"), "");
  EXPECT_EQ(f.at("err_lat_p50_us"), "");  // no error answers
  EXPECT_EQ(f.at("gil_wait_p50_us"), "");  // not reported by the target
  EXPECT_EQ(f.at("ipc_p99_us"), "");
  EXPECT_EQ(f.at("generator_bound"), "0");
  EXPECT_EQ(f.at("generator_reason"), "");
}

}  // namespace
}  // namespace gilbench::load
