#include <gtest/gtest.h>

#include <set>

#include "sweep/spec.h"
#include "sweep/spec_error.h"

namespace gilbench::sweep {
namespace {

const char* kGood = R"(name = "t"
duration_s = 1.5
concurrency = [1, 8]
rates = [100]

[[target]]
model = ["threads", "async", "procs"]
engine = ["native", "python"]
workers = [2, 4]
on_full = "reject"

[[target]]
target = "peer:aiohttp"
workers = 2

[[workload]]
mode = "cpu"
iters = [80000, 150000]

[[workload]]
mode = "io"
wait_ms = [0, 10]
concurrency = [16]
)";

using test::error_of;

TEST(Spec, ParsesAndExpandsCells) {
  auto e = parse_experiment(kGood, "x.toml");
  EXPECT_EQ(e.name, "t");
  EXPECT_DOUBLE_EQ(e.duration_s, 1.5);
  // threads, procs x 2 engines x 2 workers + async x 2 engines (its one
  // worker whatever `workers` says: kept once) + peer
  EXPECT_EQ(e.targets.size(), 2u * 2 * 2 + 2 + 1);
  EXPECT_EQ(e.workloads.size(), 4u);
  auto cells = e.cells();
  // cpu: (2 concurrency + 1 rate) x 2 iters; io: (1 + 1) x 2 waits
  EXPECT_EQ(cells.size(), e.targets.size() * (3 * 2 + 2 * 2));
  std::set<std::string> ids;
  for (auto& c : cells) ids.insert(c.id);
  // Every cell has its own id: a duplicate id made a finished sweep look
  // unfinished forever (async expanded over a workers list did).
  EXPECT_EQ(ids.size(), cells.size());
  EXPECT_EQ(cells.front().target.args, (std::vector<std::string>{"--on-full", "reject"}));
  auto peer = e.targets.back();
  EXPECT_EQ(peer.target_column(), "peer:aiohttp");
  EXPECT_EQ(peer.model, "async");
  EXPECT_EQ(peer.engine, "python");
}

TEST(Spec, CellIdIsStableAndIgnoresRep) {
  auto e = parse_experiment(kGood, "x.toml");
  e.repetitions = 2;
  e.shuffle = false;
  auto cells = e.cells();
  auto half = cells.size() / 2;
  EXPECT_EQ(cells[0].id, cells[half].id);
  EXPECT_EQ(cells[0].rep, 0);
  EXPECT_EQ(cells[half].rep, 1);
  EXPECT_EQ(cells[0].id, cell_id(cells[0]));
  EXPECT_EQ(cells[0].id.size(), 16u);
}

// Repetitions are rounds: each round holds every cell once, in an order that
// is a permutation of the matrix, differs between rounds, and is the same for
// the same seed (so a resumed sweep runs the same order).
TEST(Spec, RoundsAreSeededPermutations) {
  auto e = parse_experiment(std::string("seed = 42\nrepetitions = 3\n") + kGood, "x.toml");
  EXPECT_EQ(e.seed, 42u);
  auto cells = e.cells();
  const std::size_t n = cells.size() / 3;
  std::vector<std::vector<std::string>> rounds(3);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    EXPECT_EQ(cells[i].rep, static_cast<int>(i / n)) << "rounds run one after another";
    EXPECT_EQ(cells[i].round_pos, static_cast<int>(i % n));
    rounds[i / n].push_back(cells[i].id);
  }
  for (auto& r : rounds) {
    std::set<std::string> uniq(r.begin(), r.end());
    EXPECT_EQ(uniq.size(), n) << "each cell exactly once per round";
    EXPECT_EQ(uniq, std::set<std::string>(rounds[0].begin(), rounds[0].end()));
  }
  EXPECT_NE(rounds[0], rounds[1]);
  EXPECT_NE(rounds[1], rounds[2]);
  // Reproducible from the seed, and another seed gives another order.
  auto again = parse_experiment(std::string("seed = 42\nrepetitions = 3\n") + kGood, "x.toml").cells();
  for (std::size_t i = 0; i < cells.size(); ++i) EXPECT_EQ(again[i].id, cells[i].id);
  auto other = parse_experiment(std::string("seed = 43\nrepetitions = 3\n") + kGood, "x.toml").cells();
  bool differs = false;
  for (std::size_t i = 0; i < cells.size(); ++i) differs = differs || other[i].id != cells[i].id;
  EXPECT_TRUE(differs);
  // Without a seed the order derives from the file's text: still reproducible.
  EXPECT_EQ(parse_experiment(kGood, "x.toml").seed, parse_experiment(kGood, "y.toml").seed);
}

// round_order against an independent Fisher-Yates written out here from the
// splitmix64 definition (Vigna's reference constants).
TEST(Spec, RoundOrderIsSplitmixFisherYates) {
  const std::uint64_t seed = 7;
  const int round = 1;
  std::uint64_t x = seed ^ (0x9E3779B97F4A7C15ull * 2);
  auto next = [&x] {
    x += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  std::vector<std::size_t> want = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  for (std::size_t i = want.size(); i > 1; --i) std::swap(want[i - 1], want[next() % i]);
  EXPECT_EQ(round_order(10, seed, round), want);
  EXPECT_TRUE(round_order(0, seed, 0).empty());
}

// Every server setting is kept as a field (a CSV column) as well as a flag.
TEST(Spec, ServerSettingsAreFields) {
  auto e = parse_experiment(R"(name = "s"
[[target]]
model = "threads"
engine = "python"
switch_interval_ms = 1
queue = 8
db_offload = "inline"
args = ["--max-iters", "500000"]
[[workload]]
mode = "noop"
)", "x.toml");
  ASSERT_EQ(e.targets.size(), 1u);
  auto& t = e.targets[0];
  EXPECT_DOUBLE_EQ(t.engine_options.switch_interval_ms, 1);
  EXPECT_EQ(t.options.queue, 8);
  EXPECT_EQ(t.options.db_offload, models::DbOffloadMode::inline_);
  EXPECT_EQ(t.extra_args, (std::vector<std::string>{"--max-iters", "500000"}));
  EXPECT_EQ(t.args, (std::vector<std::string>{"--queue", "8", "--db-offload", "inline", "--switch-interval-ms", "1",
                                              "--max-iters", "500000"}));
  // Cell ids hash these args and report series are keyed by this label:
  // both must stay byte-identical to what earlier sweeps wrote.
  EXPECT_EQ(t.label(), "threads/python w4 si=1ms q=8 db=inline args='--max-iters 500000'");
  EXPECT_NE(error_of("name=\"a\"\nshuffle=3\n[[target]]\nmodel=\"threads\"\n[[workload]]\nmode=\"noop\"\n").find("true or false"),
            std::string::npos);
}

TEST(Spec, MalformedTomlNamesTheLine) {
  auto err = error_of("name = \"t\"\nduration_s = = 3\n");
  EXPECT_NE(err.find("x.toml:2:"), std::string::npos) << err;
}

TEST(Spec, WrongTypeNamesLineAndKey) {
  std::string text = kGood;
  text.replace(text.find("workers = [2, 4]"), 16, "workers = \"four\"");
  auto err = error_of(text);
  EXPECT_NE(err.find("x.toml:9:"), std::string::npos) << err;
  EXPECT_NE(err.find("target[0].workers"), std::string::npos) << err;
}

TEST(Spec, BadValuesAndUnknownKeysAreErrors) {
  EXPECT_NE(error_of("typo_key = 1\n" + std::string(kGood)).find("x.toml:1: key 'typo_key': unknown key"), std::string::npos);
  std::string bad_model = kGood;
  bad_model.replace(bad_model.find("\"async\""), 7, "\"fibers\"");
  auto err = error_of(bad_model);
  EXPECT_NE(err.find("x.toml:7:"), std::string::npos) << err;
  EXPECT_NE(err.find("'fibers' is not one of"), std::string::npos) << err;
  EXPECT_NE(error_of("duration_s = 1\n[[target]]\nmodel=\"threads\"\n[[workload]]\nmode=\"noop\"\n").find("'name'"),
            std::string::npos);
  EXPECT_NE(error_of("name=\"a\"\n[[workload]]\nmode=\"noop\"\n").find("'target'"), std::string::npos);
  EXPECT_NE(error_of("name=\"a\"\npin_target=\"x\"\n[[target]]\nmodel=\"threads\"\n[[workload]]\nmode=\"noop\"\n").find("pin_target"),
            std::string::npos);
  EXPECT_NE(error_of("name=\"a\"\n[[target]]\ntarget=\"peer:nginx\"\n[[workload]]\nmode=\"noop\"\n").find("unknown peer"),
            std::string::npos);
  EXPECT_NE(error_of("name=\"a\"\n[[target]]\nmodel=\"threads\"\n[[workload]]\nmode=\"noop\"\niters=5\n").find("only for mode"),
            std::string::npos);
}

// A workload field's bad value is named by its own key and line, with the
// server's message; every field of every workload is read the same way, and
// a [pool] table takes one value per field.
TEST(Spec, BadWorkloadValuesNameTheirKeyAndLine) {
  auto err = error_of("name=\"a\"\n[[target]]\nmodel=\"threads\"\n[[workload]]\nmode=\"hash\"\nsize=[1024, 0]\n");
  EXPECT_NE(err.find("x.toml:6:"), std::string::npos) << err;
  EXPECT_NE(err.find("size"), std::string::npos) << err;
  EXPECT_NE(err.find("size must be in 1..16777216"), std::string::npos) << err;
  err = error_of("name=\"a\"\n[[target]]\nmodel=\"threads\"\n[[workload]]\nmode=\"io\"\nwait_dist=\"normal\"\n");
  EXPECT_NE(err.find("x.toml:6:"), std::string::npos) << err;
  EXPECT_NE(err.find("wait_dist must be \"exp\" or \"fixed\""), std::string::npos) << err;
  err = error_of("name=\"a\"\n[[target]]\nmodel=\"threads\"\n[[workload]]\nmode=\"noop\"\n[pool]\nmode=\"cpu\"\niters=[1, 2]\n");
  EXPECT_NE(err.find("one value"), std::string::npos) << err;
  auto e = parse_experiment("name=\"a\"\n[[target]]\nmodel=\"threads\"\n[[workload]]\nmode=\"hash\"\nsize=[1024, 65536]\niters=[1, 2]\n[pool]\nmode=\"json\"\nitems=7\n", "x.toml");
  ASSERT_EQ(e.workloads.size(), 4u);
  EXPECT_EQ(e.workloads[0].label(), "hash size=1024 iters=1");
  EXPECT_EQ(e.workloads[3].label(), "hash size=65536 iters=2");
  ASSERT_TRUE(e.pool);
  EXPECT_EQ(e.pool->values.at("items"), "7");
}

TEST(Spec, CpuList) {
  EXPECT_EQ(parse_cpu_list("0-2,5"), (std::vector<int>{0, 1, 2, 5}));
  EXPECT_THROW(parse_cpu_list("2-1"), std::invalid_argument);
  EXPECT_THROW(parse_cpu_list("a"), std::invalid_argument);
}

// The shipped experiment files: tests/sweep/shipped_experiments_test.cpp.

}  // namespace
}  // namespace gilbench::sweep
