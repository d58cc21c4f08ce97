// The experiment file's model settings, read through the model descriptor
// (models/registry.h): names, options, effective workers, argv and label.
#include <gtest/gtest.h>

#include "sweep/spec.h"

namespace gilbench::sweep {
namespace {

std::string target_error(const std::string& target_lines) {
  try {
    parse_experiment("name = \"m\"\n[[target]]\n" + target_lines + "\n[[workload]]\nmode = \"noop\"\n", "m.toml");
  } catch (const SpecError& e) {
    return e.what();
  }
  return "";
}

TEST(SpecModels, AsyncOverAWorkersListIsOneTargetWithOneWorker) {
  auto e = parse_experiment(R"(name = "a"
[[target]]
model = ["async", "threads"]
workers = [1, 4]
[[workload]]
mode = "noop"
)", "m.toml");
  ASSERT_EQ(e.targets.size(), 3u);
  EXPECT_EQ(e.targets[0].label(), "async/native w1");
  EXPECT_EQ(e.targets[1].label(), "threads/native w1");
  EXPECT_EQ(e.targets[2].label(), "threads/native w4");
  EXPECT_EQ(e.cells().size(), 3u * 3);  // default concurrency [1, 4, 16]
}

TEST(SpecModels, BadModelsAndOptionValuesNameLineKeyAndChoices) {
  EXPECT_EQ(target_error("model = \"fibers\""),
            "m.toml:3: key 'target[0].model': 'fibers' is not one of async, offload, procs, threads");
  EXPECT_EQ(target_error("workers = 2"),
            "m.toml:2: key 'target[0].model': missing (threads, async, procs, offload)");
  EXPECT_EQ(target_error("model = \"threads\"\non_full = \"drop\""),
            "m.toml:4: key 'target[0].on_full': 'drop' is not block or reject");
  EXPECT_EQ(target_error("model = \"async\"\ndb_offload = \"async\""),
            "m.toml:4: key 'target[0].db_offload': 'async' is not thread or inline");
  EXPECT_EQ(target_error("model = \"threads\"\nqueue = 0"),
            "m.toml:4: key 'target[0].queue': '0' is not an integer in 1..1000000");
  EXPECT_EQ(target_error("model = \"threads\"\nqueue = \"8\""),
            "m.toml:4: key 'target[0].queue': expected an integer");
  EXPECT_EQ(target_error("model = \"threads\"\non_full = true"),
            "m.toml:4: key 'target[0].on_full': expected a string");
}

}  // namespace
}  // namespace gilbench::sweep
