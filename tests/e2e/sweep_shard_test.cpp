// `gilbench sweep FILE --shard i/N` and `gilbench sweep merge` on real
// cells, without a scheduler: the merged directory holds exactly the cells
// of a whole sweep and the report reads it.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/temp_dir.h"
#include "harness.h"
#include "results/csv.h"
#include "spawn.h"
#include "sweep/spec.h"

namespace gilbench::testing {
namespace {

namespace fs = std::filesystem;

std::string last_line(const std::string& out) {
  std::string s = out.substr(0, out.find_last_not_of('\n') + 1);
  return s.substr(s.rfind('\n') + 1);
}

TEST(SweepShard, TwoShardsMergedHoldEveryCellOfTheExperimentAndReport) {
  const test::ScratchDir scratch("gilbench-shard-e2e");
  const fs::path& dir = scratch.path;
  std::ostringstream toml;
  toml << "name = \"tiny\"\nduration_s = 0.5\nwarmup_s = 0.2\nrepetitions = 3\nconcurrency = [2]\n"
       << "db = \"" << test_db() << "\"\n[[target]]\nmodel = [\"threads\", \"async\"]\nworkers = 2\n"
       << "[[workload]]\nmode = \"noop\"\n";
  std::ofstream(dir / "tiny.toml") << toml.str();
  const std::string sweep = gilbench_bin() + " sweep " + (dir / "tiny.toml").string() + " --out " +
                            (dir / "shards").string() + " 2>/dev/null --shard ";
  const std::string one = last_line(output_of(sweep + "1/2"));
  const std::string two = last_line(output_of(sweep + "2/2"));
  EXPECT_NE(one.find("tiny-shard1of2-"), std::string::npos) << one;
  EXPECT_EQ(results::read_csv(one + "/results.csv").size(), 4u);  // rounds 1 and 3: 2 cells each
  EXPECT_EQ(results::read_csv(two + "/results.csv").size(), 2u);  // round 2
  const std::string out = (dir / "merged").string();
  const std::string merged = output_of(gilbench_bin() + " sweep merge " + two + " " + one + " -o " + out);
  EXPECT_NE(merged.find("2 shard(s), 6 cell row(s) from 1 machine(s)"), std::string::npos) << merged;
  std::set<std::pair<std::string, int>> got, want;
  for (auto& r : results::read_csv(out + "/results.csv")) got.insert({r["cell_id"], std::stoi(r["rep"])});
  for (const auto& c : sweep::parse_experiment(toml.str(), "tiny.toml").cells()) want.insert({c.id, c.rep});
  EXPECT_EQ(got, want);
  EXPECT_EQ(output_of(gilbench_bin() + " report " + out + " >/dev/null; echo $?"), "0\n");
  EXPECT_NE(slurp(out + "/report/report.md").find("This run was split into 2 shards"), std::string::npos);
  // Only one shard: the merge names the missing one.
  const std::string lone = output_of(gilbench_bin() + " sweep merge " + one + " -o " + (dir / "m2").string());
  EXPECT_EQ(lone, "gilbench: error: missing shard(s) 2/2\n");
}

}  // namespace
}  // namespace gilbench::testing
