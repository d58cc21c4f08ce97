// io's wait: exact when fixed, exponential otherwise, capped at 20 means and
// at the largest wait_ms a request may ask for.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "workloads/request.h"

namespace gilbench::workloads {
namespace {

std::chrono::microseconds draw(const std::string& body, Rng& rng) {
  auto r = parse_score(body, {});
  EXPECT_TRUE(r.ok()) << body;
  return r.request->workload->wait(*r.request->params, rng);
}

TEST(IoWait, FixedIsExact) {
  Rng rng(1);
  EXPECT_EQ(draw(R"({"mode":"io","wait_ms":12.5,"wait_dist":"fixed"})", rng), std::chrono::microseconds(12500));
}

TEST(IoWait, ExpNeverExceedsTheWaitMsMaximum) {
  Rng rng(7);
  // 60 s mean: 20 means would be 20 minutes.
  const auto body = fmt::format(R"({{"mode":"io","wait_ms":{}}})", api::Limits{}.max_wait_ms);
  std::chrono::microseconds longest{0};
  for (int i = 0; i < 20000; ++i) longest = std::max(longest, draw(body, rng));
  EXPECT_EQ(longest, std::chrono::microseconds(60'000'000)) << "some draws hit the cap exactly";
}

TEST(IoWait, ExpIsCappedAtTwentyMeans) {
  Rng rng(3);
  auto r = parse_score(R"({"mode":"io","wait_ms":1})", {});
  ASSERT_TRUE(r.ok());
  for (int i = 0; i < 200000; ++i)
    EXPECT_LE(r.request->workload->wait(*r.request->params, rng), std::chrono::microseconds(20'000));
}

}  // namespace
}  // namespace gilbench::workloads
