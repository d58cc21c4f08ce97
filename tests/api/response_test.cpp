#include "api/response.h"

#include <gtest/gtest.h>

namespace gilbench::api {
namespace {

TEST(ResponseTiming, GilWaitFollowsServiceWhenMeasured) {
  Stamp s{.model = "threads", .engine = "python", .pid = 7, .queue_us = 120, .service_us = 4000, .gil_wait_us = 350};
  EXPECT_EQ(success_json("noop", "", s),
            R"({"mode":"noop","model":"threads","engine":"python","pid":7,"queue_us":120,"service_us":4000,"gil_wait_us":350})");
}

TEST(ResponseTiming, UnmeasuredFieldsAreLeftOutNotZero) {
  Stamp s{.model = "async", .engine = "native", .pid = 7, .queue_us = std::nullopt, .service_us = 9};
  EXPECT_EQ(success_json("noop", "", s),
            R"({"mode":"noop","model":"async","engine":"native","pid":7,"service_us":9})");
  s.gil_wait_us = 0;  // measured, and zero: still written
  EXPECT_EQ(success_json("noop", "", s),
            R"({"mode":"noop","model":"async","engine":"native","pid":7,"service_us":9,"gil_wait_us":0})");
}

}  // namespace
}  // namespace gilbench::api
