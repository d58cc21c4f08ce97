// Several generators on one target: `gilbench load --segment i/N --start-at
// T --hist-log F` run side by side, then `gilbench load merge`, against one
// generator at the full rate, on a gilbench server they do not saturate.
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/hdr_log_reader.h"
#include "common/temp_dir.h"
#include "harness.h"
#include "load_cli.h"

namespace gilbench::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;


std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

double num(const json::value& v) { return v.is_double() ? v.as_double() : static_cast<double>(v.to_number<std::int64_t>()); }

double percentile_of(const json::object& hist, double p) {
  for (const auto& point : hist.at("percentiles").as_array())
    if (num(point.at("percentile")) == p) return num(point.at("value_us"));
  return -1;
}

TEST(LoadSegments, TwoSegmentsMergedMatchOneGeneratorAtTheFullRate) {
  auto server = start_server({"--model", "async"});
  const test::ScratchDir dir("gilbench-segments");
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/score";
  // A fixed 20 ms wait per request: the server is far from saturated (4 of
  // 16 connections busy on average) and its latency dwarfs a busy machine's noise.
  const std::string work = " --rate 200 -c 16 -d 2s --warmup 0.5s --mode io --wait-ms 20 --wait-dist fixed";
  const std::string common = "load " + url + work;
  // Both segments start their warm-up at the same wall-clock second.
  const std::string start = std::to_string(static_cast<long>(::time(nullptr)) + 2);
  const std::string both = gilbench_bin() + " " + common + " --segment 1/2 --start-at " + start + " --hist-log " +
                           dir.file("a.hlog") + " >/dev/null 2>&1 & " + gilbench_bin() + " " + common +
                           " --segment 2/2 --start-at " + start + " --hist-log " + dir.file("b.hlog") +
                           " >/dev/null 2>&1; wait";
  ASSERT_EQ(std::system(both.c_str()), 0);
  const CliRun merged = run_cli("load merge " + dir.file("a.hlog") + " " + dir.file("b.hlog") + " --json", "/dev/null");
  ASSERT_EQ(merged.status, 0) << merged.out;
  const CliRun whole = run_load_cli(url + work + " --json", "/dev/null");
  ASSERT_EQ(whole.status, 0) << whole.out;
  const auto m = json::parse(merged.out).as_object();
  const auto w = json::parse(whole.out).as_object();

  // The schedule is exact: 200 req/s x 2 s, split 100 + 100, interleaved.
  EXPECT_EQ(num(m.at("scheduled")), 400);
  EXPECT_EQ(num(w.at("scheduled")), 400);
  EXPECT_EQ(num(m.at("ok")), 400);
  EXPECT_EQ(num(m.at("config").at("rate_rps")), 200);
  EXPECT_EQ(num(m.at("config").at("connections")), 16);
  EXPECT_EQ(num(m.at("failure_share")), 0);
  const double mt = num(m.at("throughput_rps")), wt = num(w.at("throughput_rps"));
  EXPECT_NEAR(mt / wt, 1.0, 0.05) << "merged " << mt << " vs whole " << wt;
  // Medians: both at the 20 ms wait plus a few ms of a shared machine's noise.
  const double mp50 = percentile_of(m.at("latency").as_object(), 50);
  const double wp50 = percentile_of(w.at("latency").as_object(), 50);
  EXPECT_GE(mp50, 20000);
  EXPECT_GE(wp50, 20000);
  EXPECT_NEAR(mp50 / wp50, 1.0, 0.25) << "merged p50 " << mp50 << " us vs whole " << wp50;

  // Each segment's log is an HdrHistogram interval log another tool reads.
  const SpecLog a = read_spec_log(slurp(dir.file("a.hlog")));
  const SpecLog b = read_spec_log(slurp(dir.file("b.hlog")));
  ASSERT_NE(a.find("latency"), nullptr);
  ASSERT_NE(b.find("latency"), nullptr);
  EXPECT_EQ(a.find("latency")->total() + b.find("latency")->total(), 400u);
  EXPECT_NEAR(a.start_time, b.start_time, 0.2) << "the windows were not aligned by --start-at";
  EXPECT_NEAR(a.start_time, std::stod(start) + 0.5, 0.2);
}

TEST(LoadSegments, BadSegmentsAndBadLogsAreOneLineErrors) {
  const CliRun r = run_load_cli("http://127.0.0.1:9/score --segment 0/2");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("--segment: '0/2': need 1 <= i <= N <= 10000"), std::string::npos) << r.out;
  const CliRun r2 = run_load_cli("http://127.0.0.1:9/score --segment two");
  EXPECT_NE(r2.status, 0);
  EXPECT_NE(r2.out.find("'two' is not i/N"), std::string::npos) << r2.out;
  const test::ScratchDir dir("gilbench-segments");
  std::ofstream(dir.file("junk.hlog")) << "hello\n";
  const CliRun m = run_cli("load merge " + dir.file("junk.hlog"));
  EXPECT_EQ(m.status, 1);
  EXPECT_EQ(m.out, "gilbench: error: " + dir.file("junk.hlog") +
                       ": line 1: an interval without a Tag= (not written by gilbench load)\n");
}

TEST(LoadSegments, AStartTimeAlreadyPastStartsAtOnceAndSaysHowLate) {
  auto server = start_server({"--model", "async"});
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/score";
  const auto t0 = std::chrono::steady_clock::now();
  const CliRun r = run_load_cli(url + " -n 20 -c 2 --start-at " + std::to_string(::time(nullptr) - 3) + " --json",
                                "/dev/null");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
  const auto o = json::parse(r.out).as_object();
  EXPECT_GE(num(o.at("start_late_s")), 2.0);
  EXPECT_LE(num(o.at("start_late_s")), 6.0);
  EXPECT_EQ(num(o.at("ok")), 20);
  const CliRun far = run_load_cli(url + " -n 1 --start-at " + std::to_string(::time(nullptr) + 200000), "/dev/null");
  EXPECT_EQ(far.status, 1);
}

}  // namespace
}  // namespace gilbench::testing
