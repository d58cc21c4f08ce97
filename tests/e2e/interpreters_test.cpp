// The python engine on every interpreter this build has a module for
// (GILBENCH_PYTHONS): `serve --python PATH` answers every workload with that
// interpreter's own hashlib and json, /healthz says what ran, and on a
// free-threaded build --gil on / off really sets the GIL. Interpreters on
// this machine the build lacks (pyenv's, GILBENCH_TEST_PYTHONS) are listed
// as skipped with the reason.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "engines/python/interpreter.h"
#include "harness.h"

namespace gilbench::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using engines::python::Interpreter;

json::object object_of(const HttpResponse& r) { return json::parse(r.body).as_object(); }

std::string text(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : "<missing>";
}

std::unique_ptr<Process> serve_on(const Interpreter& in, const std::string& model,
                                  std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--model", model, "--engine", "python", "--python", in.executable,
                                   "--workers", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return start_server(args);
}

struct Case {
  const Interpreter* in;
  std::string model;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.in->tag << "/" << c.model; }

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const Interpreter& in : engines::python::interpreters())
    for (const char* m : {"threads", "procs"}) out.push_back({&in, m});
  return out;
}

class Interpreters : public ::testing::TestWithParam<Case> {};

TEST_P(Interpreters, EveryWorkloadAnswersWithThatInterpretersOwnModules) {
  const Interpreter& in = *GetParam().in;
  auto s = serve_on(in, GetParam().model);
  const std::string py = in.executable;

  auto chains = python_chains({{"gilbench", 5000}, {"", 3}}, py);
  auto r = post_score(s->port(), R"({"mode":"cpu","seed":"gilbench","iters":5000})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(text(object_of(r), "digest"), chains[0]);
  EXPECT_EQ(text(object_of(r), "engine"), "python");
  r = post_score(s->port(), R"({"mode":"cpu","seed":"","iters":3})");
  EXPECT_EQ(text(object_of(r), "digest"), chains[1]);

  auto buffers = python_buffer_digests({{100, 3}, {4096, 2}}, py);
  r = post_score(s->port(), R"({"mode":"hash","size":100,"iters":3})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(text(object_of(r), "digest"), buffers[0]);
  r = post_score(s->port(), R"({"mode":"hash","size":4096,"iters":2})");
  EXPECT_EQ(text(object_of(r), "digest"), buffers[1]);

  auto js = python_json_roundtrips({25}, py);
  r = post_score(s->port(), R"({"mode":"json","items":25})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(object_of(r).at("bytes").as_int64(), js[0].bytes);
  EXPECT_EQ(object_of(r).at("checksum").as_int64(), js[0].checksum);

  r = post_score(s->port(), R"({"mode":"io","key":"k3","wait_ms":0})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(text(object_of(r), "val"), python_chain("gilbench-kv-3", 1));
  EXPECT_EQ(post_score(s->port(), R"({"mode":"io","key":"nokey","wait_ms":0})").status, 404);
  EXPECT_EQ(post_score(s->port(), R"({"mode":"noop"})").status, 200);
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Interpreters, HealthzSaysWhichInterpreterRanAndWhetherItsGilWasOn) {
  const Interpreter& in = *GetParam().in;
  auto s = serve_on(in, GetParam().model);
  auto version = python_lines("import platform; print(platform.python_version())", 1, in.executable);
  auto h = object_of(get(s->port(), "/healthz"));
  EXPECT_EQ(text(h, "python"), in.executable);
  EXPECT_EQ(text(h, "python_version"), version[0]);
  EXPECT_EQ(text(h, "python_free_threaded"), in.free_threaded ? "yes" : "no");
  // A free-threaded build runs without the GIL by default, every other with it.
  EXPECT_EQ(text(h, "python_gil"), in.free_threaded ? "off" : "on");
  EXPECT_EQ(text(h, "python_build"), in.build_flags);
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(Interpreters, GilOnAndOffAreSetOnFreeThreadedBuildsAndRefusedElsewhere) {
  const Interpreter& in = *GetParam().in;
  if (!in.free_threaded) {
    // One line and a non-zero exit, before a socket is bound.
    std::string cmd = gilbench_bin() + " serve --port 0 --engine python --gil off --python " +
                      in.executable + " 2>&1";
    std::FILE* p = ::popen(cmd.c_str(), "r");
    char line[512] = {};
    std::string out;
    while (std::fgets(line, sizeof line, p)) out += line;
    EXPECT_NE(::pclose(p), 0);
    EXPECT_NE(out.find("--gil off needs a free-threaded interpreter"), std::string::npos) << out;
    return;
  }
  for (const char* mode : {"on", "off"}) {
    auto s = serve_on(in, GetParam().model, {"--gil", mode});
    auto r = post_score(s->port(), R"({"mode":"cpu","seed":"x","iters":10})");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(text(object_of(get(s->port(), "/healthz")), "python_gil"), mode);
    EXPECT_EQ(s->stop(), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Built, Interpreters, ::testing::ValuesIn(cases()), [](const auto& info) {
  std::string n = std::string(info.param.in->tag) + "_" + info.param.model;
  for (auto& c : n)
    if (c == '.') c = '_';
  return n;
});

// Interpreters present on this machine (GILBENCH_TEST_PYTHONS, pyenv's
// builds of 3.11+) that this build has no module for: tested only once
// added to GILBENCH_PYTHONS, so say so rather than pass silently.
TEST(InterpretersOnThisMachine, AreAllBuiltIn) {
  std::vector<std::string> found;
  if (const char* env = std::getenv("GILBENCH_TEST_PYTHONS")) {
    std::istringstream in(env);
    for (std::string p; in >> p;) found.push_back(p);
  }
  const char* home = std::getenv("HOME");
  std::error_code ec;
  if (home && fs::is_directory(fs::path(home) / ".pyenv/versions", ec))
    for (auto& d : fs::directory_iterator(fs::path(home) / ".pyenv/versions", ec)) {
      const std::string v = d.path().filename().string();
      if (v.rfind("3.", 0) == 0 && std::atoi(v.c_str() + 2) >= 11 && fs::exists(d.path() / "bin/python3"))
        found.push_back((d.path() / "bin/python3").string());
    }
  std::vector<std::string> missing;
  for (auto& p : found) {
    try {
      engines::python::find_interpreter(p);
    } catch (const std::invalid_argument&) {
      missing.push_back(p);
    }
  }
  if (found.empty()) GTEST_SKIP() << "no interpreter besides the build's: set GILBENCH_TEST_PYTHONS or install pyenv builds";
  if (!missing.empty()) {
    std::string list;
    for (auto& m : missing) list += " " + m;
    GTEST_SKIP() << "not in this build's GILBENCH_PYTHONS (so not tested):" << list
                 << "; add them with scripts/build.sh -DGILBENCH_PYTHONS=...";
  }
}

}  // namespace
}  // namespace gilbench::testing
