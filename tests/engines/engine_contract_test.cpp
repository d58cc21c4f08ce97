// The engine contract (src/engines/engine.h), run on every registered
// engine: each workload's answer equals the native engine's, the store's
// primitives behave alike, and bad names and options are refused before an
// engine starts. A new engine in engines/registry.cpp is picked up here
// with no edit.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <random>

#include "api/limits.h"
#include "engines/options.h"
#include "engines/registry.h"
#include "store/kv_store.h"
#include "workloads/registry.h"

namespace gilbench::engines {
namespace {

namespace fs = std::filesystem;

// A 40-key store for this test binary, removed at exit.
struct TempStore {
  std::string path =
      (fs::temp_directory_path() / ("gilbench-contract-" + std::to_string(::getpid()) + ".db")).string();
  TempStore() { store::init_store(path, 40); }
  ~TempStore() { fs::remove(path); }
};

const std::string& store() {
  static const TempStore s;
  return s.path;
}

// Each workload with small values, run on `w`: "<status> <fields>".
std::vector<std::string> answers(Worker& w) {
  std::vector<std::string> out;
  for (const workloads::Workload* wl : workloads::all()) {
    workloads::Values v = workloads::complete(*wl, {});
    for (auto& [k, val] : v)
      if (k == "iters" || k == "items") val = "50";
    if (v.count("wait_ms")) v["wait_ms"] = "1";
    auto body = boost::json::parse(wl->body(v, wl->keyed() ? std::optional<std::int64_t>(7) : std::nullopt));
    auto parsed = wl->parse(body.as_object(), api::Limits{});
    EXPECT_TRUE(parsed.params) << wl->name() << ": " << parsed.error.detail;
    if (!parsed.params) continue;
    workloads::Rng rng(1);
    auto o = wl->run(*parsed.params, w, rng);
    out.push_back(std::string(wl->name()) + " " + std::to_string(o.status) + " " + o.fields);
  }
  return out;
}

class EngineContract : public ::testing::TestWithParam<std::string> {};

TEST_P(EngineContract, EveryWorkloadAnswersAsTheNativeEngine) {
  std::vector<std::string> expected;
  {
    auto native = make_engine("native", {store()});
    auto w = native->make_worker();
    expected = answers(*w);
  }
  auto engine = make_engine(GetParam(), {store()});
  EXPECT_EQ(engine->name(), GetParam());
  auto w = engine->make_worker();
  EXPECT_EQ(answers(*w), expected);
}

TEST_P(EngineContract, StorePrimitivesAndWaits) {
  auto engine = make_engine(GetParam(), {store()});
  auto w = engine->make_worker();
  EXPECT_EQ(w->key_count(), 40);
  EXPECT_EQ(w->lookup(store::key_for_index(39)), store::value_for_index(39));
  EXPECT_EQ(w->lookup("k40"), std::nullopt);
  EXPECT_EQ(w->lookup("\xff\xfe"), std::nullopt);  // not UTF-8: no such key
  const auto t0 = std::chrono::steady_clock::now();
  w->block_wait(std::chrono::milliseconds(20));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(20));
  // An engine with a GIL reports a wait (>= 0) after a call; one without, none.
  const auto wait = w->take_gil_wait();
  if (GetParam() == "native") EXPECT_EQ(wait, std::nullopt);
  else EXPECT_TRUE(wait.has_value());
}

TEST_P(EngineContract, AMissingStoreFailsAtStartUp) {
  EXPECT_THROW(make_engine(GetParam(), {"/nonexistent/gilbench.db"}), std::runtime_error);
}

TEST_P(EngineContract, OptionsItDoesNotReadAreRefused) {
  const EngineDef* d = find_engine(GetParam());
  ASSERT_NE(d, nullptr);
  for (const auto& opt : engine_options()) {
    if (d->reads_option(opt.key)) continue;
    EngineOptions o;
    ASSERT_EQ(opt.parse(opt.number ? "1" : "on", o), "") << opt.key;
    EXPECT_EQ(check_options(*d, o), opt.flag() + " does not apply to the " + d->name + " engine");
    EXPECT_THROW(make_engine(GetParam(), {store(), o}), std::invalid_argument) << opt.key;
  }
}

std::vector<std::string> registered() {
  std::vector<std::string> names;
  for (auto& d : engine_registry()) names.push_back(d.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Registered, EngineContract, ::testing::ValuesIn(registered()),
                         [](const auto& info) { return info.param; });

TEST(EngineRegistry, UnknownNamesAreRefusedWithTheList) {
  try {
    make_engine("pyhton", {store()});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "unknown engine 'pyhton' (expected: native, python)");
  }
  EXPECT_EQ(engine_names(), "native, python");
}

TEST(EngineOptionTable, ParsesPrintsAndMakesServeFlags) {
  EngineOptions o;
  EXPECT_EQ(engine_serve_args(o), std::vector<std::string>{});
  const auto& defs = engine_options();
  ASSERT_EQ(defs.size(), 3u);
  EXPECT_EQ(defs[0].parse("0.5", o), "");
  EXPECT_EQ(defs[1].parse("/usr/bin/python3.11", o), "");
  EXPECT_EQ(defs[2].parse("on", o), "");
  EXPECT_EQ(engine_serve_args(o), (std::vector<std::string>{"--switch-interval-ms", "0.5", "--python",
                                                             "/usr/bin/python3.11", "--gil", "on"}));
  EXPECT_EQ(defs[0].parse("-1", o), "'-1' is not a number of milliseconds in 0..10000");
  EXPECT_EQ(defs[0].parse("1ms", o), "'1ms' is not a number of milliseconds in 0..10000");
  EXPECT_EQ(defs[1].parse("", o), "expected the path of a python executable");
  EXPECT_EQ(defs[2].parse("maybe", o), "'maybe' is not on, off or default");
  // The native engine reads none of them: a mixed run keeps them for python only.
  EXPECT_EQ(options_read_by("native", o), EngineOptions{});
  EXPECT_EQ(options_read_by("python", o), o);
}

TEST(EngineOptionTable, PythonRefusesWhatCannotRunOnItsInterpreter) {
  const EngineDef* py = find_engine("python");
  ASSERT_NE(py, nullptr);
  EngineOptions o;
  o.python = "/nonexistent/python3";
  EXPECT_EQ(check_options(*py, o), "--python: '/nonexistent/python3' does not exist");
  o.python = "/bin/sh";
  EXPECT_NE(check_options(*py, o).find("is not an interpreter this build has an engine module for"),
            std::string::npos);
  o.python = "/usr/bin/python3";  // a symlink to the default 3.11
  EXPECT_EQ(check_options(*py, o), "");
  o.gil = GilMode::off;
  EXPECT_EQ(check_options(*py, o),
            "--gil off needs a free-threaded interpreter; /usr/bin/python3.11 (3.11) is not one");
  o.gil = GilMode::on;
  o.switch_interval_ms = 1;
  EXPECT_EQ(check_options(*py, o), "");  // a GIL build: the interval applies
}

}  // namespace
}  // namespace gilbench::engines
