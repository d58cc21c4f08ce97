// Work nobody wants any more stops at its next poll (issue 20, item 6): the
// cpu chain and the hash loop throw WorkAbandoned once their watch says so,
// and run to the end otherwise.
#include "engines/abandon.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "workloads/cpu/sha256_chain.h"
#include "workloads/hash/buffer_digest.h"

namespace gilbench::workloads {
using engines::set_process_abandon_check;
using engines::work_abandoned;
using engines::WorkAbandoned;
using engines::WorkWatch;
namespace {

using namespace std::chrono_literals;

TEST(Abandon, NothingIsAbandonedWithoutAWatch) {
  EXPECT_FALSE(work_abandoned());
  EXPECT_EQ(to_hex(sha256_chain("x", 5000)).size(), 64u);
}

TEST(Abandon, AWatchedFlagStopsTheCpuChainAndTheHashLoop) {
  std::atomic<bool> gone{true};
  WorkWatch watch(&gone);
  EXPECT_TRUE(work_abandoned());
  EXPECT_THROW(sha256_chain("x", 1'000'000'000), WorkAbandoned);
  EXPECT_THROW(hash::buffer_digest(16 << 20, 1'000'000'000), WorkAbandoned);
  // Short work ends before its first poll.
  EXPECT_NO_THROW(sha256_chain("x", 1000));
}

TEST(Abandon, AFlagSetWhileTheWorkRunsStopsItPromptly) {
  std::atomic<bool> gone{false};
  std::thread setter([&] {
    std::this_thread::sleep_for(100ms);
    gone = true;
  });
  const auto t0 = std::chrono::steady_clock::now();
  {
    WorkWatch watch(&gone);
    // About 50 hours of hashing without the watch.
    EXPECT_THROW(hash::buffer_digest(16 << 20, 10'000'000), WorkAbandoned);
  }
  setter.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_FALSE(work_abandoned()) << "the watch ends with its scope";
}

TEST(Abandon, WatchesNestAndTheProcessCheckApplies) {
  std::atomic<bool> outer{false}, inner{true};
  {
    WorkWatch a(&outer);
    {
      WorkWatch b(&inner);
      EXPECT_TRUE(work_abandoned());
    }
    EXPECT_FALSE(work_abandoned());
  }
  static bool deadline_passed = false;
  set_process_abandon_check([] { return deadline_passed; });
  EXPECT_FALSE(work_abandoned());
  deadline_passed = true;
  EXPECT_TRUE(work_abandoned());
  EXPECT_THROW(sha256_chain("x", 100'000), WorkAbandoned);
  set_process_abandon_check(nullptr);
  EXPECT_FALSE(work_abandoned());
}

}  // namespace
}  // namespace gilbench::workloads
