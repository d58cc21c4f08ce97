// The load generator's own timing set-up, checked on the running process.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.h"
#include "load/load.h"

namespace gilbench::testing {
namespace {

// Threads of this process whose timer slack is `ns` (/proc/TID/timerslack_ns).
int threads_with_timer_slack(long ns) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream f("/proc/" + e.path().filename().string() + "/timerslack_ns");
    long slack = -1;
    if (f >> slack && slack == ns) ++n;
  }
  return n;
}

TEST(LoadGenerator, LoadThreadsRunWithOneNanosecondTimerSlack) {
  if (!std::filesystem::exists("/proc/self/timerslack_ns")) GTEST_SKIP() << "no /proc/PID/timerslack_ns";
  auto s = start_server({"--model", "async"});
  load::LoadConfig c;
  c.url = "http://127.0.0.1:" + std::to_string(s->port()) + "/score";
  c.threads = 3;
  c.connections = 3;
  c.rate_rps = 100;
  c.duration_s = 1;
  const int before = threads_with_timer_slack(1);
  load::LoadResult r;
  std::thread run([&] { r = load::run_load(c); });
  std::this_thread::sleep_for(500ms);
  // Linux's default slack of 50 µs would make every timed send up to 50 µs late.
  EXPECT_EQ(threads_with_timer_slack(1) - before, 3);
  run.join();
  EXPECT_EQ(r.ok, r.scheduled);
  EXPECT_EQ(s->stop(), 0);
}

}  // namespace
}  // namespace gilbench::testing
