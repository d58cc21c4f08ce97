#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "pool/pool.h"
#include "store/kv_store.h"

namespace gilbench::pool {
namespace {

const std::string& store() {
  static std::string path = [] {
    auto dir = std::filesystem::temp_directory_path() / ("gilbench-pool-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto p = (dir / "kv.db").string();
    store::init_store(p, 100);
    return p;
  }();
  return path;
}

PoolConfig tiny(const std::string& kind, const std::string& mode) {
  PoolConfig c;
  c.kind = kind;
  c.workers = 2;
  c.tasks = 20;
  c.queue = 4;
  c.mode = mode;
  if (mode == "cpu") c.values = {{"iters", "1000"}};
  if (mode == "io") c.values = {{"wait_ms", "1"}};
  c.db_path = store();
  return c;
}

TEST(Pool, ThreadsRunEveryTask) {
  for (auto mode : {"cpu", "io", "noop"}) {
    auto r = run_pool(tiny("threads", mode));
    EXPECT_EQ(r.error, "") << mode;
    EXPECT_EQ(r.completed, 20) << mode;
    EXPECT_GT(r.throughput_tps, 0) << mode;
    EXPECT_GE(r.queue_wait.p99_us, r.queue_wait.p50_us);
  }
}

TEST(Pool, ProcessesRunEveryTask) {
  auto r = run_pool(tiny("procs", "io"));
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.completed, 20);
  // io waits ~1 ms on average: service time cannot be ~0.
  EXPECT_GT(r.service.mean_us, 100);
}

TEST(Pool, BadEngineOrStoreIsAnErrorNotACrash) {
  auto c = tiny("threads", "io");
  c.db_path = "/nonexistent/kv.db";
  EXPECT_NE(run_pool(c).error, "");
  c = tiny("procs", "cpu");
  c.engine = "nope";
  auto r = run_pool(c);
  EXPECT_NE(r.error, "");
  EXPECT_EQ(r.completed, 0);
  EXPECT_THROW(run_pool(tiny("fibers", "cpu")), std::invalid_argument);
}

TEST(Pool, RowAndTable) {
  auto r = run_pool(tiny("threads", "cpu"));
  auto row = pool_row(r);
  EXPECT_EQ(row["status"], "ok");
  EXPECT_EQ(row["iters"], "1000");
  EXPECT_EQ(row["completed"], "20");
  EXPECT_NO_THROW(results::csv_line(pool_columns(), row));
  std::ostringstream out;
  write_pool_table(out, {r});
  EXPECT_NE(out.str().find("threads"), std::string::npos);
}

TEST(Pool, Percentiles) {
  std::vector<std::int64_t> v = {5, 1, 3, 2, 4};
  auto p = percentiles(v);
  EXPECT_EQ(p.p50_us, 3);
  EXPECT_EQ(p.max_us, 5);
  EXPECT_DOUBLE_EQ(p.mean_us, 3);
}

}  // namespace
}  // namespace gilbench::pool
