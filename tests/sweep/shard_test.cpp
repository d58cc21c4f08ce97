// Sharded sweeps: which cells a shard runs, and what `sweep merge` accepts
// and refuses (with one line), on results directories made here.
#include "sweep/shard.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "report/sections.h"
#include "results/csv.h"
#include "results/layout.h"
#include "sweep/runner.h"

namespace gilbench::sweep {
namespace {

namespace fs = std::filesystem;

const std::string kToml =
    "name = \"s\"\nrepetitions = 3\nconcurrency = [1, 2]\n[[target]]\nmodel = [\"threads\", \"async\"]\n"
    "[[workload]]\nmode = \"noop\"\n";

TEST(Shard, EachShardRunsWholeRoundsAndTogetherTheyRunEveryCellOnce) {
  const Experiment e = parse_experiment(kToml, "s.toml");
  const auto all = e.cells();
  ASSERT_EQ(all.size(), 12u);  // 2 targets x 2 levels x 3 rounds
  std::set<std::pair<std::string, int>> seen;
  for (int i = 0; i < 2; ++i) {
    const auto cells = shard_cells(all, e.repetitions, {i, 2});
    std::set<int> rounds;
    for (const auto& c : cells) {
      rounds.insert(c.rep);
      EXPECT_TRUE(seen.insert({c.id, c.rep}).second) << c.label() << " in two shards";
    }
    EXPECT_EQ(rounds, (i == 0 ? std::set<int>{0, 2} : std::set<int>{1}));
    EXPECT_EQ(cells.size(), 4 * rounds.size());  // every round whole
    // The run order within a shard is the whole sweep's, rounds shuffled alike.
    std::vector<std::string> order, whole;
    for (const auto& c : cells) order.push_back(c.id + std::to_string(c.rep));
    for (const auto& c : all)
      if (c.rep % 2 == i) whole.push_back(c.id + std::to_string(c.rep));
    EXPECT_EQ(order, whole);
  }
  EXPECT_EQ(seen.size(), all.size());
  try {
    shard_cells(all, e.repetitions, {0, 4});
    FAIL() << "4 shards of 3 rounds";
  } catch (const std::runtime_error& ex) {
    EXPECT_STREQ(ex.what(), "shard 1/4: the experiment has 3 repetition round(s) and each shard runs whole rounds, "
                            "so use at most 3 shards");
  }
}

struct ShardMerge : ::testing::Test {
  fs::path base = fs::temp_directory_path() / ("gilbench-shard-unit-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(base); }
  void TearDown() override { fs::remove_all(base); }

  // A finished shard directory as `sweep --shard` leaves it.
  std::string shard_dir(const std::string& name, Shard s, const std::string& toml = kToml,
                        const std::string& git = "abc", const std::string& host = "h1", bool finished = true) {
    const fs::path d = base / name;
    fs::create_directories(d / "cells");
    const std::string env = "{\"host\":\"" + host + "\",\"cpu_model\":\"cpu-" + host +
                            "\",\"cores_online\":2,\"kernel\":\"k\",\"git_sha\":\"" + git + "\"}\n";
    std::ofstream(d / results::kEnvJson) << env;
    std::ofstream(d / results::kExperimentCopy) << toml;
    std::ofstream(d / results::kShardJson) << shard_json(s, env);
    const Experiment e = parse_experiment(toml, "s.toml");
    results::CsvAppender csv((d / results::kResultsCsv).string(), results::result_columns());
    auto cells = shard_cells(e.cells(), e.repetitions, s);
    if (!finished) cells.pop_back();
    for (const auto& c : cells) {
      csv.append({{"cell_id", c.id}, {"rep", std::to_string(c.rep)}, {"status", "ok"}});
      fs::create_directories(fs::path(results::cell_dir(d.string(), c.id, c.rep)));
    }
    return d.string();
  }
  std::string error_of(const std::vector<std::string>& dirs) {
    try {
      merge_shards(dirs, (base / "out").string());
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(ShardMerge, MergeMakesOneDirectoryWithEveryRowAndEveryMachine) {
  const auto a = shard_dir("a", {0, 2}, kToml, "abc", "h1");
  const auto b = shard_dir("b", {1, 2}, kToml, "abc", "h2");
  const auto m = merge_shards({b, a}, (base / "out").string());
  EXPECT_EQ(m.rows, 12u);
  EXPECT_EQ(m.shards, 2);
  EXPECT_EQ(m.hosts, (std::vector<std::string>{"h1", "h2"}));
  const fs::path out = base / "out";
  EXPECT_EQ(results::read_csv((out / results::kResultsCsv).string()).size(), 12u);
  EXPECT_TRUE(fs::exists(out / "env-shard-1.json"));
  EXPECT_TRUE(fs::exists(out / "env-shard-2.json"));
  EXPECT_TRUE(fs::exists(out / results::kEnvJson));
  EXPECT_EQ(std::distance(fs::directory_iterator(out / "cells"), fs::directory_iterator()), 12);
  const auto map = results::read_csv((out / results::kShardsCsv).string());
  ASSERT_EQ(map.size(), 12u);
  EXPECT_EQ(map[0].at("shard"), "1");
  EXPECT_EQ(map[0].at("host"), "h1");

  // The report names both machines.
  report::Results res;
  res.dir = out.string();
  report::Document d;
  report::machine_blocks(d, res);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_NE(d[0].text.find("came from 2 different machines of different kinds"), std::string::npos) << d[0].text;
  ASSERT_EQ(d[1].rows.size(), 2u);
  EXPECT_EQ(d[1].rows[1], (std::vector<std::string>{"2", "h2", "cpu-h2", "2", "k", "4"}));
}

TEST_F(ShardMerge, MergeRefusesMismatchedMissingRepeatedAndUnfinishedShards) {
  const auto a = shard_dir("a", {0, 2});
  const auto b = shard_dir("b", {1, 2});
  const auto other = shard_dir("other", {1, 2}, kToml + "# edited\n");
  const auto newer = shard_dir("newer", {1, 2}, kToml, "def");
  const auto three = shard_dir("three", {1, 3});
  const auto half = shard_dir("half", {1, 2}, kToml, "abc", "h1", false);
  EXPECT_EQ(error_of({a, other}), a + " and " + other + " were made by different experiment files");
  EXPECT_EQ(error_of({a, newer}),
            a + " (git abc) and " + newer + " (git def) were built from different git revisions");
  EXPECT_EQ(error_of({a, three}), a + " is shard 1/2 but " + three + " is shard 2/3: different shard counts");
  EXPECT_EQ(error_of({a, a}), "shard 1/2 given twice (" + a + " and " + a + ")");
  EXPECT_EQ(error_of({b}), "missing shard(s) 1/2");
  EXPECT_EQ(error_of({a, half}),
            half + ": shard 2/2 is unfinished (3 of 4 cells); rerun its sweep command to finish it");
  fs::remove(fs::path(b) / results::kShardJson);
  EXPECT_EQ(error_of({a, b}), b + " is not a shard's results directory (no shard.json; made by sweep --shard)");
  EXPECT_FALSE(fs::exists(base / "out"));
}

TEST_F(ShardMerge, ResumingAnotherShardsDirectoryIsRefused) {
  const auto a = shard_dir("a", {0, 2});
  auto resume = [&](Shard s) {
    SweepOptions o;
    o.resume_dir = a;
    o.shard = s;
    o.gilbench_bin = "/bin/false";
    try {
      Sweep(parse_experiment(kToml, "s.toml"), o).run();
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(resume({1, 2}), a + " holds shard 1/2, not shard 2/2; resuming it would mix two shares of the cells");
  EXPECT_EQ(resume({}), a + " holds shard 1/2, not the whole sweep; resuming it would mix two shares of the cells");
}

}  // namespace
}  // namespace gilbench::sweep
