// What `gilbench load --hist-log` writes, read by a reader written from
// HdrHistogram's specification (tests/common/hdr_log_reader.h), not by
// gilbench's own decoder.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "common/hdr_log_reader.h"
#include "load/result_log.h"

namespace gilbench::load {
namespace {

TEST(HdrLogSpec, AnIndependentReaderFindsEverySampleAndTheHeader) {
  LoadResult r;
  r.loop = "closed";
  r.duration_s = 2.5;
  r.window_start_unix = 1796230000.25;
  // Exact values below 2048 and larger ones that share slots.
  const std::vector<std::int64_t> values = {0, 1, 5, 5, 1000, 2047, 2048, 2049, 4100, 123456, 59'999'999};
  for (auto v : values) r.latency.record(v);
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> dist(7.0, 1.2);
  for (int i = 0; i < 20000; ++i) r.ulatency.record(static_cast<std::int64_t>(dist(rng)));
  std::ostringstream out;
  write_result_log(out, r);
  const testing::SpecLog log = testing::read_spec_log(out.str());

  EXPECT_EQ(log.version, "1.3");
  EXPECT_DOUBLE_EQ(log.start_time, 1796230000.25);
  EXPECT_DOUBLE_EQ(log.base_time, 1796230000.25);
  ASSERT_EQ(log.intervals.size(), 9u);
  const auto* lat = log.find("latency");
  ASSERT_NE(lat, nullptr);
  EXPECT_EQ(lat->digits, 3);
  EXPECT_EQ(lat->lowest, 1);
  EXPECT_EQ(lat->highest, 60'000'000);
  EXPECT_DOUBLE_EQ(lat->start_s, 0.0);
  EXPECT_DOUBLE_EQ(lat->length_s, 2.5);
  EXPECT_DOUBLE_EQ(lat->max_field, 59999.999);  // ms
  // Slot starts, by the spec's index -> value mapping.
  const std::map<std::int64_t, std::uint64_t> want = {{0, 1},    {1, 1},    {5, 2},      {1000, 1},
                                                      {2047, 1}, {2048, 2}, {4100, 1},   {123456, 1},
                                                      {59998208, 1}};
  EXPECT_EQ(lat->counts, want);
  const auto* ulat = log.find("ulatency");
  ASSERT_NE(ulat, nullptr);
  EXPECT_EQ(ulat->total(), 20000u);
  // Not p100: gilbench reports the exact max there, the slot's top is above it.
  for (double p : {1.0, 50.0, 90.0, 99.0, 99.9})
    EXPECT_EQ(ulat->percentile(p), r.ulatency.percentile(p)) << "p" << p;
  for (const char* tag : {"err_latency", "send_delay", "gen_lag", "queue", "service", "gil_wait", "ipc"}) {
    ASSERT_NE(log.find(tag), nullptr) << tag;
    EXPECT_EQ(log.find(tag)->total(), 0u) << tag;
  }
}

}  // namespace
}  // namespace gilbench::load
