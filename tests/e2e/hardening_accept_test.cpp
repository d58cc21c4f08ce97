// procs accepts every ready connection in one loop turn (issue 14, item 4):
// with one accept per turn, a turn being one CPU request, a burst of 256
// clients waited tens of seconds for their first byte.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

TEST(ProcsAccept, BurstOf256ConnectionsIsServedWhileWorkersAreBusy) {
  auto s = start_server({"--model", "procs", "--workers", "2"});
  const int port = s->port();
  std::atomic<bool> stop{false};
  // Keep both workers busy: each turn of their loops runs a CPU request.
  std::vector<std::thread> busy;
  for (int i = 0; i < 4; ++i)
    busy.emplace_back([&] {
      Conn c(port);
      while (!stop) {
        c.send(score_request(R"({"mode":"cpu","iters":2000000})"));
        if (c.read(60s).status != 200) break;
      }
    });
  std::this_thread::sleep_for(500ms);
  std::vector<std::unique_ptr<Conn>> burst;
  for (int i = 0; i < 256; ++i) {
    burst.push_back(std::make_unique<Conn>(port));
    burst.back()->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  }
  // Generous: the old server needed ~16 s here (2 workers, ~8 accepts/s).
  const auto deadline = std::chrono::steady_clock::now() + 6s;
  int answered = 0;
  for (auto& c : burst) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() > 0 && c->read(left).status == 200) ++answered;
  }
  stop = true;
  for (auto& t : busy) t.join();
  EXPECT_EQ(answered, 256);
  EXPECT_EQ(s->stop(), 0);
}

}  // namespace
}  // namespace gilbench::testing
