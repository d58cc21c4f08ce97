// One API, every target: the three gilbench models × both engines and the
// three Python peers answer the same requests and are held to the same
// contract (docs/api.md). Where a peer's framework makes an exact
// match impossible, the Target row names the peer's actual behaviour and the
// test asserts it, so a change on either side fails here; each difference is
// explained in peers/python/README.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <regex>

#include "engines/python/interpreter.h"
#include "harness.h"

namespace gilbench::testing {
namespace {

namespace json = boost::json;

// The same limits are given to every target so the 400/413 cases line up.
constexpr const char* kMaxIters = "1000000";
constexpr const char* kMaxBody = "65536";
constexpr int kWorkers = 2;

struct Target {
  std::string name;    // test-name suffix
  std::string model;   // gilbench --model, or the peer's --kind
  std::string engine;  // native | python
  bool peer = false;
  int workers = kWorkers;  // what /healthz reports
  // Documented differences (peers/python/README.md, "Differences").
  bool keep_alive = true;                  // gunicorn sync closes after every answer
  std::string allow_score = "POST";        // Flask adds OPTIONS
  std::string allow_healthz = "GET";       // Flask and aiohttp add HEAD (and OPTIONS)
  int huge_headers_status = 431;           // gunicorn and aiohttp answer 400
  std::string huge_headers_type = "application/json";  // ... as HTML or plain text
  bool metrics = true;                     // peers have no /metrics
  // What /healthz says runs the peer (a prefix); "" = not reported.
  std::string loop = "", http = "";
  std::string python = "";  // python: --python (another interpreter of the build); "" = the default
};

void PrintTo(const Target& t, std::ostream* os) { *os << t.name; }

Target gilbench_target(const std::string& model, const std::string& engine) {
  Target t{model + "_" + engine, model, engine};
  if (model == "async") t.workers = 1;  // one loop whatever --workers says
  t.allow_healthz = "GET, HEAD";        // HEAD is served (RFC 9110 §9.3.2)
  return t;
}

Target peer_target(const std::string& kind) {
  Target t{"peer_" + kind, kind, "python", true};
  std::replace(t.name.begin(), t.name.end(), '-', '_');
  t.metrics = false;
  t.huge_headers_status = 400;
  const std::string k = kind;
  if (k == "aiohttp") {
    t.workers = 1;
    t.allow_healthz = "GET, HEAD";
    t.huge_headers_type = "text/plain";
  } else if (k == "uvicorn-starlette" || k == "fastapi-def" || k == "fastapi-async" || k == "gunicorn-uvicorn") {
    // httptools (http-parser) allows 80 KiB of headers and uvicorn sets no
    // lower limit: the 16 KB header is served. Starlette adds HEAD to GET
    // routes; FastAPI does not.
    t.workers = (k == "fastapi-def" || k == "gunicorn-uvicorn") ? kWorkers : 1;
    t.allow_healthz = (k == "uvicorn-starlette" || k == "gunicorn-uvicorn") ? "GET, HEAD" : "GET";
    t.huge_headers_status = 200;
    t.huge_headers_type = "application/json";
    t.loop = "uvloop.Loop";
    t.http = "httptools";
  } else {  // Flask under gunicorn: gthread, sync, gevent
    t.loop = k == "gunicorn-gevent" ? "gevent." : "none";
    t.http = "gunicorn";
    t.allow_score = "OPTIONS, POST";
    t.allow_healthz = "GET, HEAD, OPTIONS";
    t.huge_headers_type = "text/html";
    t.keep_alive = kind != "flask-procs";
  }
  return t;
}

std::vector<Target> all_targets() {
  std::vector<Target> out;
  for (const char* engine : {"native", "python"})
    for (const auto& model : all_models()) out.push_back(gilbench_target(model, engine));
  // Every other interpreter the build has a module for (GILBENCH_PYTHONS).
  auto interpreters = engines::python::interpreters();
  for (std::size_t i = 1; i < interpreters.size(); ++i)
    for (const auto& model : all_models()) {
      Target t = gilbench_target(model, "python");
      t.python = interpreters[i].executable;
      t.name += "_" + std::string(interpreters[i].tag);
      std::replace(t.name.begin(), t.name.end(), '.', '_');
      out.push_back(t);
    }
  for (const char* kind : {"flask-threads", "flask-procs", "aiohttp", "uvicorn-starlette", "fastapi-def",
                           "fastapi-async", "gunicorn-uvicorn", "gunicorn-gevent"})
    out.push_back(peer_target(kind));
  return out;
}

std::unique_ptr<Process> launch(const Target& t) {
  if (!t.peer) {
    std::vector<std::string> args = {"--model", t.model, "--engine", t.engine, "--workers",
                                     std::to_string(kWorkers), "--max-iters", kMaxIters, "--max-body", kMaxBody};
    if (!t.python.empty()) args.insert(args.end(), {"--python", t.python});
    return start_server(args);
  }
  return Process::start({"/usr/bin/python3", std::string(GILBENCH_SOURCE_DIR) + "/peers/python/serve.py",
                         "--kind", t.model, "--workers", std::to_string(kWorkers), "--port", "0",
                         "--db", test_db(), "--max-iters", kMaxIters, "--max-body", kMaxBody});
}

// Reference answers from /usr/bin/python3, computed once per test binary:
// chains for the cpu cases, and every store value the way kv_store.cpp
// builds it (hex SHA-256 of "gilbench-kv-<i>", a chain of length 1).
struct Reference {
  std::vector<std::pair<std::string, long>> cpu_cases = {
      {"gilbench", 80000}, {"seed-a", 1}, {"h\xc3\xa9llo", 1000}, {"x", 12345}};
  std::vector<std::string> digests;
  std::vector<std::string> values;  // index i: value of key k<i>
};

const Reference& reference() {
  static const Reference ref = [] {
    Reference r;
    auto cases = r.cpu_cases;
    for (int i = 0; i < 1000; ++i) cases.emplace_back("gilbench-kv-" + std::to_string(i), 1);
    auto hex = python_chains(cases);
    r.digests.assign(hex.begin(), hex.begin() + static_cast<long>(r.cpu_cases.size()));
    r.values.assign(hex.begin() + static_cast<long>(r.cpu_cases.size()), hex.end());
    return r;
  }();
  return ref;
}

json::object object_of(const HttpResponse& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object()) {
    ADD_FAILURE() << "not a JSON object (status " << r.status << "): " << r.body;
    return {};
  }
  return v.as_object();
}

std::string str(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : "<missing or not a string>";
}

std::int64_t num(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_int64() ? v->get_int64() : -1;
}

bool is_json(const HttpResponse& r) { return r.header("content-type").rfind("application/json", 0) == 0; }

class Conformance : public ::testing::TestWithParam<Target> {
 protected:
  // One server per target per test binary, stopped by PID after the suite.
  static std::map<std::string, std::unique_ptr<Process>>& servers() {
    static std::map<std::string, std::unique_ptr<Process>> s;
    return s;
  }

  static void TearDownTestSuite() {
    for (auto& [name, p] : servers())
      EXPECT_EQ(p->stop(), 0) << name << " did not exit cleanly on SIGTERM";
    servers().clear();
  }

  void SetUp() override {
    const Target& t = GetParam();
    auto& p = servers()[t.name];
    if (!p) p = launch(t);
    ASSERT_TRUE(p->running()) << t.name << " is not running";
    port_ = p->port();
  }

  // A success answer: 200, JSON, the mode asked for, the stamp fields.
  json::object expect_success(const HttpResponse& r, const std::string& mode) {
    const Target& t = GetParam();
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(is_json(r)) << r.header("content-type");
    auto o = object_of(r);
    EXPECT_EQ(str(o, "mode"), mode);
    EXPECT_EQ(str(o, "model"), t.model);
    EXPECT_EQ(str(o, "engine"), t.engine);
    EXPECT_GT(num(o, "pid"), 0);
    EXPECT_GE(num(o, "queue_us"), 0);
    EXPECT_GE(num(o, "service_us"), 0);
    return o;
  }

  void expect_error(const HttpResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_TRUE(is_json(r)) << r.header("content-type");
    auto o = object_of(r);
    EXPECT_EQ(str(o, "error"), code) << r.body;
    EXPECT_FALSE(str(o, "detail").empty());
  }

  void expect_still_healthy() { EXPECT_EQ(get(port_, "/healthz").status, 200) << "server hurt by a bad request"; }

  int port_ = 0;
};

TEST_P(Conformance, CpuDigestMatchesHashlib) {
  const auto& ref = reference();
  auto d = expect_success(post_score(port_, R"({"mode":"cpu"})"), "cpu");  // defaults
  EXPECT_EQ(str(d, "digest"), ref.digests[0]);
  EXPECT_EQ(num(d, "iters"), 80000);
  for (std::size_t i = 1; i < ref.cpu_cases.size(); ++i) {
    auto& [seed, iters] = ref.cpu_cases[i];
    SCOPED_TRACE(seed);
    json::object req{{"mode", "cpu"}, {"seed", seed}, {"iters", iters}};
    auto o = expect_success(post_score(port_, json::serialize(req)), "cpu");
    EXPECT_EQ(str(o, "digest"), ref.digests[i]);
    EXPECT_EQ(num(o, "iters"), iters);
  }
}

TEST_P(Conformance, IoReturnsStoredValues) {
  const auto& ref = reference();
  for (int i : {0, 7, 999}) {
    std::string key = "k" + std::to_string(i);
    auto o = expect_success(post_score(port_, R"({"mode":"io","key":")" + key + "\"}"), "io");
    EXPECT_EQ(str(o, "key"), key);
    EXPECT_EQ(str(o, "val"), ref.values[static_cast<std::size_t>(i)]);
  }
  // No key: a uniform random key of the store, with its own value.
  static const std::regex key_re(R"(k(\d{1,3}))");
  for (int n = 0; n < 5; ++n) {
    auto o = expect_success(post_score(port_, R"({"mode":"io"})"), "io");
    std::smatch m;
    std::string key = str(o, "key");
    ASSERT_TRUE(std::regex_match(key, m, key_re)) << key;
    EXPECT_EQ(str(o, "val"), ref.values[std::stoul(m[1])]);
  }
}

TEST_P(Conformance, IoWaitsBeforeTheLookup) {
  auto t0 = std::chrono::steady_clock::now();
  auto o = expect_success(post_score(port_, R"({"mode":"io","key":"k3","wait_ms":30,"wait_dist":"fixed"})"), "io");
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(30));
  EXPECT_EQ(str(o, "val"), reference().values[3]);
  expect_success(post_score(port_, R"({"mode":"io","key":"k4","wait_ms":0.5})"), "io");  // exp
}

TEST_P(Conformance, UnknownKeyIs404) {
  expect_error(post_score(port_, R"({"mode":"io","key":"k1000"})"), 404, "unknown_key");
  expect_error(post_score(port_, R"({"mode":"io","key":"nope"})"), 404, "unknown_key");
}

TEST_P(Conformance, Noop) {
  auto o = expect_success(post_score(port_, R"({"mode":"noop","ignored":[1,2]})"), "noop");
  EXPECT_FALSE(o.contains("digest"));
  EXPECT_FALSE(o.contains("key"));
}

// hash and json: every gilbench model and engine gives python3's answer
// (hashlib, json) for the same request. The peers do not serve these modes.
TEST_P(Conformance, HashDigestMatchesHashlibOnBothSidesOf2048Bytes) {
  if (GetParam().peer) GTEST_SKIP() << "the Python peers serve cpu, io and noop only";
  const std::vector<std::pair<long, long>> cases = {{65536, 16}, {1, 1},        {2047, 3},
                                                    {2048, 3},   {100001, 2},   {16777216, 1}};
  static const auto digests = python_buffer_digests(cases);
  auto d = expect_success(post_score(port_, R"({"mode":"hash"})"), "hash");  // defaults
  EXPECT_EQ(str(d, "digest"), digests[0]);
  EXPECT_EQ(num(d, "size"), 65536);
  EXPECT_EQ(num(d, "iters"), 16);
  for (std::size_t i = 1; i < cases.size(); ++i) {
    auto [size, iters] = cases[i];
    SCOPED_TRACE("size " + std::to_string(size));
    json::object req{{"mode", "hash"}, {"size", size}, {"iters", iters}};
    auto o = expect_success(post_score(port_, json::serialize(req)), "hash");
    EXPECT_EQ(str(o, "digest"), digests[i]);
    EXPECT_EQ(num(o, "size"), size);
    EXPECT_EQ(num(o, "iters"), iters);
  }
}

TEST_P(Conformance, JsonRoundTripMatchesPythonJson) {
  if (GetParam().peer) GTEST_SKIP() << "the Python peers serve cpu, io and noop only";
  const std::vector<long> items = {100, 1, 7, 1000, 100000};
  static const auto ref = python_json_roundtrips(items);
  for (std::size_t i = 0; i < items.size(); ++i) {
    SCOPED_TRACE("items " + std::to_string(items[i]));
    const std::string body = i == 0 ? R"({"mode":"json"})"  // the default
                                    : R"({"mode":"json","items":)" + std::to_string(items[i]) + "}";
    auto o = expect_success(post_score(port_, body), "json");
    EXPECT_EQ(num(o, "items"), items[i]);
    EXPECT_EQ(num(o, "bytes"), ref[i].bytes);
    EXPECT_EQ(num(o, "checksum"), ref[i].checksum);
  }
}

TEST_P(Conformance, HashAndJsonBadFieldsGetStatusAndCode) {
  if (GetParam().peer) GTEST_SKIP() << "the Python peers serve cpu, io and noop only";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"mode":"hash","size":"64"})", "wrong_type"},
      {R"({"mode":"hash","size":1.5})", "wrong_type"},
      {R"({"mode":"hash","size":true})", "wrong_type"},
      {R"({"mode":"hash","size":null})", "wrong_type"},
      {R"({"mode":"hash","size":0})", "out_of_range"},
      {R"({"mode":"hash","size":-1})", "out_of_range"},
      {R"({"mode":"hash","size":16777217})", "out_of_range"},
      {R"({"mode":"hash","size":99999999999999999999999})", "out_of_range"},
      {R"({"mode":"hash","iters":[16]})", "wrong_type"},
      {R"({"mode":"hash","iters":2.5})", "wrong_type"},
      {R"({"mode":"hash","iters":0})", "out_of_range"},
      {R"({"mode":"hash","iters":1000001})", "out_of_range"},  // --max-iters
      {R"({"mode":"json","items":"100"})", "wrong_type"},
      {R"({"mode":"json","items":1e2})", "wrong_type"},
      {R"({"mode":"json","items":{}})", "wrong_type"},
      {R"({"mode":"json","items":0})", "out_of_range"},
      {R"({"mode":"json","items":100001})", "out_of_range"},
      {R"({"mode":"HASH"})", "unknown_mode"},
  };
  for (const auto& [body, code] : cases) {
    SCOPED_TRACE(body);
    expect_error(post_score(port_, body), 400, code);
  }
  expect_still_healthy();
}

// A subset of tests/api/request_test.cpp, each class of mistake once or twice.
TEST_P(Conformance, BadRequestsGetStatusAndCode) {
  struct Case {
    std::string body, code;
  };
  const std::vector<Case> cases = {
      {"", "malformed_json"},
      {R"({"mode":"cpu")", "malformed_json"},
      {R"({"mode":"cpu"}x)", "malformed_json"},
      {"{'mode':'cpu'}", "malformed_json"},
      {"{\"mode\":\"cpu\",\"seed\":\"\xff\xfe\"}", "malformed_json"},
      {"{\"mode\":\"cpu\",\"seed\":\"\xc0\xaf\"}", "malformed_json"},
      {R"({"mode":"io","wait_ms":NaN})", "malformed_json"},
      {std::string(100, '[') + std::string(100, ']'), "malformed_json"},
      {R"(["cpu"])", "invalid_request"},
      {"null", "invalid_request"},
      {R"({"iters":5})", "missing_field"},
      {R"({"mode":1})", "wrong_type"},
      {R"({"mode":"gpu"})", "unknown_mode"},
      {R"({"mode":"CPU"})", "unknown_mode"},
      {R"({"mode":"cpu","iters":1.5})", "wrong_type"},
      {R"({"mode":"cpu","iters":8e4})", "wrong_type"},
      {R"({"mode":"cpu","iters":true})", "wrong_type"},
      {R"({"mode":"cpu","iters":"5"})", "wrong_type"},
      {R"({"mode":"cpu","iters":0})", "out_of_range"},
      {R"({"mode":"cpu","iters":1000001})", "out_of_range"},
      {R"({"mode":"cpu","iters":99999999999999999999999})", "out_of_range"},
      {R"({"mode":"cpu","seed":7})", "wrong_type"},
      {R"({"mode":"cpu","seed":")" + std::string(5000, 'a') + "\"}", "out_of_range"},
      {R"({"mode":"io","key":5})", "wrong_type"},
      {R"({"mode":"io","key":")" + std::string(300, 'k') + "\"}", "out_of_range"},
      {R"({"mode":"io","wait_ms":"5"})", "wrong_type"},
      {R"({"mode":"io","wait_ms":-0.5})", "out_of_range"},
      {R"({"mode":"io","wait_ms":1e9})", "out_of_range"},
      {R"({"mode":"io","wait_dist":"normal"})", "invalid_value"},
      {R"({"mode":"io","wait_dist":1})", "wrong_type"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 60));
    expect_error(post_score(port_, c.body), 400, c.code);
  }
  expect_still_healthy();
}

TEST_P(Conformance, UnknownPathIs404) {
  expect_error(get(port_, "/nope"), 404, "not_found");
  expect_error(get(port_, "/score/extra"), 404, "not_found");
}

TEST_P(Conformance, WrongMethodIs405WithAllow) {
  auto r = get(port_, "/score");
  expect_error(r, 405, "method_not_allowed");
  EXPECT_EQ(r.header("allow"), GetParam().allow_score);
  Conn c(port_);
  c.send("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");
  auto h = c.read();
  expect_error(h, 405, "method_not_allowed");
  EXPECT_EQ(h.header("allow"), GetParam().allow_healthz);
}

TEST_P(Conformance, BodyOverLimitIs413) {
  std::string body = R"({"mode":"noop","pad":")" + std::string(70'000, 'a') + "\"}";
  expect_error(post_score(port_, body), 413, "body_too_large");
  expect_still_healthy();
}

TEST_P(Conformance, HugeHeaders) {
  const Target& t = GetParam();
  Conn c(port_);
  c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(16'000, 'a') +
         "\r\nConnection: close\r\n\r\n");
  auto r = c.read();
  if (t.huge_headers_status == 431) {
    expect_error(r, 431, "headers_too_large");
  } else {
    // The server framework answers before the app sees the request (or,
    // for uvicorn, lets it through).
    EXPECT_EQ(r.status, t.huge_headers_status) << r.body;
    EXPECT_EQ(r.header("content-type").rfind(t.huge_headers_type, 0), 0u) << r.header("content-type");
  }
  expect_still_healthy();
}

TEST_P(Conformance, Healthz) {
  const Target& t = GetParam();
  auto r = get(port_, "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(is_json(r)) << r.header("content-type");
  auto o = object_of(r);
  EXPECT_EQ(str(o, "status"), "ok");
  EXPECT_EQ(str(o, "model"), t.model);
  EXPECT_EQ(str(o, "engine"), t.engine);
  EXPECT_EQ(num(o, "workers"), t.workers);
  if (!t.loop.empty()) {
    EXPECT_EQ(str(o, "loop").rfind(t.loop, 0), 0u) << str(o, "loop");
    EXPECT_EQ(str(o, "http"), t.http);
  }
}

TEST_P(Conformance, KeepAlive) {
  Conn c(port_);
  const std::vector<std::string> bodies = {R"({"mode":"noop"})", R"({"mode":"cpu","iters":10})",
                                           R"({"mode":"io","key":"k1"})", R"({"mode":"gpu"})",
                                           R"({"mode":"noop"})"};
  if (!GetParam().keep_alive) {
    // gunicorn's sync worker answers one request per connection.
    ASSERT_TRUE(c.send(score_request(bodies[0])));
    auto r = c.read();
    expect_success(r, "noop");
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_TRUE(c.closed_by_peer());
    return;
  }
  for (const auto& b : bodies) {
    SCOPED_TRACE(b);
    ASSERT_TRUE(c.send(score_request(b)));
    auto r = c.read();
    ASSERT_NE(r.status, 0) << "connection closed early";
    EXPECT_NE(r.header("connection"), "close");
    EXPECT_TRUE(is_json(r));
  }
}

TEST_P(Conformance, Metrics) {
  auto r = get(port_, "/metrics");
  if (!GetParam().metrics) {
    expect_error(r, 404, "not_found");  // peers serve the API, not gilbench's metrics
    return;
  }
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type").rfind("text/plain", 0), 0u);
  EXPECT_NE(r.body.find("# TYPE"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Targets, Conformance, ::testing::ValuesIn(all_targets()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace gilbench::testing
