// `gilbench load --find-rate` against a server whose capacity is known: the
// threads model with 2 workers, each request sleeping a fixed 10 ms, holds
// 200 req/s. With an objective far above the service time the highest
// passing rate is the capacity, which open-loop probes find within a few
// percent (a rate above it builds a queue that grows for the whole probe).
// The objective is on the median, p50 = 50 ms: on this shared 2-core machine
// a p99 is set by scheduler stalls of tens of ms whatever the rate (p99 73 ms
// at 89 req/s with load average 9 while others compiled), which would make a
// p99 objective fail far below capacity. The search is the same for any
// quantile (tests/load/find_rate_test.cpp; p99=100ms in docs/benchmarks.md).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "harness.h"
#include "load_cli.h"

namespace gilbench::testing {
namespace {

std::string url(int port) { return "http://127.0.0.1:" + std::to_string(port) + "/score"; }

TEST(LoadFindRate, FindsTheCapacityOfTwoTenMillisecondWorkers) {
  auto s = start_server({"--model", "threads", "--workers", "2"});
  const std::string progress = ::testing::TempDir() + "gilbench-find-rate-progress.txt";
  const auto r = run_load_cli(url(s->port()) +
                                  " --find-rate --slo p50=50ms -c 64 --mode io --wait-ms 10 --wait-dist fixed"
                                  " --probe-s 2 --precision 0.05 --json",
                              progress);
  ASSERT_EQ(r.status, 0) << r.out;
  const auto doc = boost::json::parse(r.out).as_object();
  EXPECT_EQ(doc.at("slo").as_string(), "p50=50ms");
  ASSERT_TRUE(doc.at("found").as_bool()) << r.out;
  const double rate = doc.at("rate_rps").to_number<double>();
  // Within 10% above 200 and 20% below: the server cannot go faster than
  // 2 / 10 ms, but a busy machine slows its sleeping threads' wake-ups
  // (under ctest -j2 beside other tests it found 171.5 with probes at 177
  // req/s answering 106/s; ctest runs this test alone for that reason). A
  // wrong search (the bracket's wrong end, half or twice the start) lands
  // far outside.
  EXPECT_GE(rate, 160) << r.out;
  EXPECT_LE(rate, 220) << r.out;
  const auto& probes = doc.at("probes").as_array();
  ASSERT_GE(probes.size(), 4u);
  EXPECT_EQ(probes[0].at("loop").as_string(), "closed");
  bool rate_passed = false, above_failed = false;
  for (const auto& p : probes) {
    const auto& o = p.as_object();
    if (o.at("loop").as_string() != "open") continue;
    const double pr = o.at("rate_rps").to_number<double>();
    const std::string status(o.at("status").as_string());
    if (pr == rate) rate_passed = status == "pass";
    if (pr > rate && status != "pass") above_failed = true;
    if (status == "pass") EXPECT_LE(o.at("quantile_us").to_number<double>(), 50'000) << pr;
  }
  EXPECT_TRUE(rate_passed) << r.out;
  EXPECT_TRUE(above_failed) << r.out;
  EXPECT_EQ(s->stop(), 0);
}

TEST(LoadFindRate, ClearErrors) {
  auto r = run_load_cli("http://127.0.0.1:1/score --find-rate");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("needs --slo"), std::string::npos) << r.out;
  r = run_load_cli("http://127.0.0.1:1/score --find-rate --slo p99=50");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("bad SLO 'p99=50': the limit needs a unit"), std::string::npos) << r.out;
  r = run_load_cli("http://127.0.0.1:1/score --slo p99=50ms");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("need --find-rate"), std::string::npos) << r.out;
  r = run_load_cli("http://127.0.0.1:1/score --find-rate --slo p99=50ms --rate 100");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("drop --rate"), std::string::npos) << r.out;
  r = run_load_cli("http://127.0.0.1:1/score --find-rate --slo p99=50ms --csv");
  EXPECT_NE(r.status, 0);
}

}  // namespace
}  // namespace gilbench::testing
