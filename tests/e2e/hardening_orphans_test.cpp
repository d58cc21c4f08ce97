// Workers die with their supervisor (issue 14, item 7): kill -9 of the procs
// supervisor used to leave its workers serving the port.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

TEST(Orphans, KillingTheProcsSupervisorFreesThePort) {
  auto s = start_server({"--model", "procs", "--workers", "2"});
  const int port = s->port();
  ASSERT_EQ(get(port, "/healthz").status, 200);
  ASSERT_EQ(::kill(s->pid(), SIGKILL), 0);
  EXPECT_EQ(s->stop(0, 5s), 128 + SIGKILL);
  // The same port must become free: a new server binds it.
  std::unique_ptr<Process> again;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!again && std::chrono::steady_clock::now() < deadline) {
    try {
      again = Process::start({gilbench_bin(), "serve", "--port", std::to_string(port), "--db",
                              test_db(), "--model", "threads"},
                             5s);
    } catch (const std::exception&) {
      std::this_thread::sleep_for(200ms);
    }
  }
  ASSERT_TRUE(again) << "port " << port << " still held by orphaned workers";
  EXPECT_EQ(again->port(), port);
  EXPECT_EQ(again->stop(), 0);
}

}  // namespace
}  // namespace gilbench::testing
