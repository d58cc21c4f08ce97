#include <gtest/gtest.h>

#include <set>

#include "sweep/spec.h"

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

std::string error_of(const std::string& text) {
  try {
    parse_experiment(text, "x.toml");
  } catch (const SpecError& e) {
    return e.what();
  }
  return "";
}

TEST(Spec, ParsesAndExpandsCells) {
  auto e = parse_experiment(kGood, "x.toml");
  EXPECT_EQ(e.name, "t");
  EXPECT_DOUBLE_EQ(e.duration_s, 1.5);
  // threads, procs x 2 engines x 2 workers + async x 2 engines (workers collapse to 1) x 2 + peer
  EXPECT_EQ(e.targets.size(), 2u * 2 * 2 + 2 * 2 + 1);
  EXPECT_EQ(e.workloads.size(), 4u);
  auto cells = e.cells();
  // cpu: (2 concurrency + 1 rate) x 2 iters; io: (1 + 1) x 2 waits
  EXPECT_EQ(cells.size(), e.targets.size() * (3 * 2 + 2 * 2));
  std::set<std::string> ids;
  for (auto& c : cells) ids.insert(c.id);
  // async collapses workers [2, 4] into duplicate targets: same cells, same ids.
  EXPECT_LT(ids.size(), cells.size());
  EXPECT_EQ(cells.front().target.args, (std::vector<std::string>{"--on-full", "reject"}));
  auto peer = e.targets.back();
  EXPECT_EQ(peer.target_column(), "peer:aiohttp");
  EXPECT_EQ(peer.model, "async");
  EXPECT_EQ(peer.engine, "python");
}

TEST(Spec, CellIdIsStableAndIgnoresRep) {
  auto e = parse_experiment(kGood, "x.toml");
  e.repetitions = 2;
  auto cells = e.cells();
  auto half = cells.size() / 2;
  EXPECT_EQ(cells[0].id, cells[half].id);
  EXPECT_EQ(cells[0].rep, 0);
  EXPECT_EQ(cells[half].rep, 1);
  EXPECT_EQ(cells[0].id, cell_id(cells[0]));
  EXPECT_EQ(cells[0].id.size(), 16u);
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

TEST(Spec, CpuList) {
  EXPECT_EQ(parse_cpu_list("0-2,5"), (std::vector<int>{0, 1, 2, 5}));
  EXPECT_THROW(parse_cpu_list("2-1"), std::invalid_argument);
  EXPECT_THROW(parse_cpu_list("a"), std::invalid_argument);
}

TEST(Spec, ShippedExperimentsParse) {
  for (auto f : {"quick.toml", "full.toml", "gil.toml"}) {
    auto path = std::string(GILBENCH_FIXTURES) + "/../../experiments/" + f;
    EXPECT_NO_THROW(load_experiment(path)) << path;
  }
}

}  // namespace
}  // namespace gilbench::sweep
