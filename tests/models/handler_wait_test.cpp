// The io wait a request asks for is capped (issue 14, item 6): an exp draw
// of at most 20 means, and never above the largest wait_ms a request may ask
// for, so no request holds a worker for more than a minute.
#include <gtest/gtest.h>

#include "models/handler.h"

namespace gilbench::models {
namespace {

TEST(DrawWait, FixedIsExact) {
  std::mt19937_64 rng(1);
  api::IoRequest r;
  r.wait_ms = 12.5;
  r.wait_dist = api::WaitDist::fixed;
  EXPECT_EQ(draw_wait(r, rng), std::chrono::microseconds(12500));
}

TEST(DrawWait, ExpNeverExceedsTheWaitMsMaximum) {
  std::mt19937_64 rng(7);
  api::IoRequest r;
  r.wait_ms = api::Limits{}.max_wait_ms;  // 60 s mean: 20 means would be 20 minutes
  r.wait_dist = api::WaitDist::exp;
  std::chrono::microseconds longest{0};
  for (int i = 0; i < 20000; ++i) longest = std::max(longest, draw_wait(r, rng));
  EXPECT_EQ(longest, std::chrono::microseconds(60'000'000)) << "some draws hit the cap exactly";
}

TEST(DrawWait, ExpIsCappedAtTwentyMeans) {
  std::mt19937_64 rng(3);
  api::IoRequest r;
  r.wait_ms = 1.0;
  for (int i = 0; i < 200000; ++i) EXPECT_LE(draw_wait(r, rng), std::chrono::microseconds(20'000));
}

}  // namespace
}  // namespace gilbench::models
