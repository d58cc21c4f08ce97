#include <gtest/gtest.h>

#include "harness.h"

namespace gilbench::testing {

TEST(Smoke, ServerStartsAnswersAndStops) {
  auto s = start_server({"--model", "threads"});
  auto r = get(s->port(), "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok","model":"threads","engine":"native","workers":4})");
  EXPECT_EQ(s->stop(), 0);
}

}  // namespace gilbench::testing
