// A client that sends and never reads (issue 14, item 5): answers queue up
// to the per-connection cap, then a write that cannot finish within
// --write-timeout closes the connection, so the client cannot hold its slot
// for ever nor delay shutdown to the hard stop.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

std::string pipelined_noops(int n) {
  std::string all;
  const auto one = score_request(R"({"mode":"noop"})");
  for (int i = 0; i < n; ++i) all += one;
  return all;
}

class SlowReader : public ::testing::TestWithParam<std::string> {};

TEST_P(SlowReader, NonReadingClientLosesItsSlotAfterTheWriteTimeout) {
  auto s = start_server({"--model", GetParam(), "--workers", "1", "--max-connections", "1",
                         "--write-timeout", "1"});
  Conn hog(s->port());
  const std::string flood = pipelined_noops(20000);
  std::thread sender([&] { hog.send(flood); });  // returns once the server closes it
  std::this_thread::sleep_for(500ms);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    status = get(s->port(), "/healthz").status;
    if (status != 200) std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(status, 200) << "the non-reading client still holds the only slot";
  hog.shutdown();  // the sender thread may still be in send()
  sender.join();
  hog.close();
  auto m = get(s->port(), "/metrics");
  EXPECT_NE(m.body.find("gilbench_write_timeouts_total 1\n"), std::string::npos) << m.body;
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(SlowReader, NonReadingClientDoesNotDelayShutdown) {
  auto s = start_server({"--model", GetParam(), "--workers", "1", "--write-timeout", "60",
                         "--drain-timeout", "1"});
  Conn hog(s->port());
  const std::string flood = pipelined_noops(20000);
  std::thread sender([&] { hog.send(flood); });
  std::this_thread::sleep_for(1s);  // the server is now blocked writing to it
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = s->stop(SIGTERM, 30s);
  const auto took = std::chrono::steady_clock::now() - t0;
  hog.shutdown();  // the sender thread may still be in send()
  sender.join();
  hog.close();
  EXPECT_NE(rc, -1) << "had to be killed";
  EXPECT_LT(took, 8s) << "the drain deadline, not the hard stop, ends a stuck write";
}

INSTANTIATE_TEST_SUITE_P(AllModels, SlowReader, ::testing::ValuesIn(all_models()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace gilbench::testing
