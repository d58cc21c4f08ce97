// What each shipped experiment file expands to: its targets (series labels,
// in file order), its workloads, its repetitions, its cell count and
// whether it runs a [pool] grid. A change to a file, or to how the sweep
// expands one (async collapsing a workers list, a new default level), then
// shows here as a changed row rather than as a sweep that quietly runs
// something else. Every experiments/*.toml must have a row.
//
// Updating: edit the file's row of kShipped below. On a mismatch the test
// prints the row the file expands to today, ready to paste.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "sweep/spec.h"

namespace gilbench::sweep {
namespace {

namespace fs = std::filesystem;

struct Shipped {
  std::string file;
  int repetitions;
  std::size_t cells;  // Experiment::cells(): every (target, workload, level) x repetitions
  bool pool;          // has a [pool] grid
  std::vector<std::string> targets;    // TargetSpec::label(), in file order
  std::vector<std::string> workloads;  // WorkloadSpec::label(), in file order
};

// clang-format off
const std::vector<Shipped> kShipped = {
    {"full.toml", 5, 5720, true,
     {"threads/native w1", "threads/native w2", "threads/native w4", "threads/python w1", "threads/python w2",
      "threads/python w4", "procs/native w1", "procs/native w2", "procs/native w4", "procs/python w1",
      "procs/python w2", "procs/python w4", "threads/native w256", "threads/python w256", "procs/native w8",
      "procs/python w8", "async/native w1", "async/python w1", "peer:flask-threads w4", "peer:flask-procs w4",
      "peer:aiohttp w1", "peer:uvicorn-starlette w1", "peer:fastapi-async w1", "peer:fastapi-def w4",
      "peer:gunicorn-uvicorn w4", "peer:gunicorn-gevent w4"},
     {"cpu iters=80000", "cpu iters=150000", "cpu iters=300000", "io wait=0ms", "io wait=10ms", "noop"}},
    {"gil.toml", 3, 72, false,
     {"threads/python w1", "threads/python w2", "threads/python w4", "threads/python w8", "threads/python w4 si=1ms",
      "threads/python w4 si=20ms", "procs/python w2", "procs/python w4"},
     {"cpu iters=150000", "hash size=65536 iters=16", "hash size=1024 iters=1024"}},
    {"peers.toml", 1, 48, false,
     {"threads/python w2", "async/python w1", "procs/python w2", "peer:uvicorn-starlette w1", "peer:fastapi-async w1",
      "peer:fastapi-def w2", "peer:gunicorn-uvicorn w2", "peer:gunicorn-gevent w2"},
     {"cpu iters=80000", "io wait=10ms"}},
    // 6 targets x (cpu at c = 1, 4 + io at c = 16, 256 + io at 200 req/s, open loop) x 3 repetitions
    // (docs/methodology.md, "quick.toml": H2's pools sized to the concurrency they face).
    {"quick.toml", 3, 90, true,
     {"threads/native w2", "threads/python w2", "threads/python w256", "procs/python w2", "procs/python w8",
      "async/python w1"},
     {"cpu iters=150000", "io wait=10ms"}},
};
// clang-format on

const fs::path kExperiments = fs::path(GILBENCH_FIXTURES) / ".." / ".." / "experiments";

std::string quoted_list(const std::vector<std::string>& v) {
  std::string out = "{";
  for (auto& s : v) out += (out.size() > 1 ? ", \"" : "\"") + s + "\"";
  return out + "}";
}

Shipped expansion_of(const std::string& file) {
  const Experiment e = load_experiment((kExperiments / file).string());
  Shipped s{file, e.repetitions, e.cells().size(), e.pool.has_value(), {}, {}};
  for (auto& t : e.targets) s.targets.push_back(t.label());
  for (auto& w : e.workloads) s.workloads.push_back(w.label());
  return s;
}

std::string row(const Shipped& s) {
  return "{\"" + s.file + "\", " + std::to_string(s.repetitions) + ", " + std::to_string(s.cells) + ", " +
         (s.pool ? "true" : "false") + ",\n     " + quoted_list(s.targets) + ",\n     " +
         quoted_list(s.workloads) + "},";
}

TEST(ShippedExperiments, EveryFileHasARow) {
  std::set<std::string> files, rows;
  for (auto& f : fs::directory_iterator(kExperiments))
    if (f.path().extension() == ".toml") files.insert(f.path().filename().string());
  for (auto& s : kShipped) rows.insert(s.file);
  rows.insert("interpreters.toml");  // below: its expansion depends on the build
  EXPECT_EQ(files, rows) << "experiments/ and kShipped list different files";
}

TEST(ShippedExperiments, ExpandToTheirRow) {
  for (auto& want : kShipped) {
    SCOPED_TRACE(want.file);
    Shipped got;
    ASSERT_NO_THROW(got = expansion_of(want.file));
    const bool same = got.repetitions == want.repetitions && got.cells == want.cells &&
                      got.pool == want.pool && got.targets == want.targets && got.workloads == want.workloads;
    EXPECT_TRUE(same) << "expected " << row(want) << "\nthe file expands to\n    " << row(got);
  }
}

// interpreters.toml names CPythons by path (Debian's 3.11, a 3.14 and a
// free-threaded 3.14t): a build without their engine modules refuses it where
// it is read, with the key, the line and how to add them; a build with them
// expands it to 11 targets (threads w1/w2 on 3.11 and 3.14, on 3.14t with the
// GIL on and off; procs w2 on 3.11 and 3.14 and on 3.14t with the GIL on) x
// (cpu, hash, json) x c = 1, 2 x 3 repetitions.
TEST(ShippedExperiments, InterpretersExpandOrNameTheMissingModule) {
  try {
    const Shipped got = expansion_of("interpreters.toml");
    EXPECT_EQ(got.repetitions, 3);
    EXPECT_EQ(got.targets.size(), 11u) << row(got);
    EXPECT_EQ(got.cells, 198u) << row(got);
    EXPECT_EQ(got.workloads.size(), 3u) << row(got);
  } catch (const SpecError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("interpreters.toml:"), std::string::npos) << what;
    EXPECT_NE(what.find("key 'target[0].python'"), std::string::npos) << what;
    EXPECT_NE(what.find("scripts/build.sh -DGILBENCH_PYTHONS"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace gilbench::sweep
