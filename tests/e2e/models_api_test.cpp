// The API contract, end to end, for every model: real binary, 127.0.0.1.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

namespace json = boost::json;

json::object body_of(const HttpResponse& r) { return json::parse(r.body).as_object(); }

std::string str(const json::object& o, const char* k) {
  return std::string(o.at(k).as_string().c_str());
}

class ModelApi : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    server_ = start_server({"--model", GetParam(), "--workers", "2", "--max-iters", "5000000",
                            "--max-body", "4096", "--max-header", "2048"});
    port_ = server_->port();
  }
  void TearDown() override { EXPECT_EQ(server_->stop(), 0) << "server must exit 0 on SIGTERM"; }
  std::unique_ptr<Process> server_;
  int port_ = 0;
};

TEST_P(ModelApi, CpuDigestEqualsHashlibAndCarriesTheStamp) {
  auto r = post_score(port_, R"({"mode":"cpu","iters":1000,"seed":"e2e"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json");
  auto o = body_of(r);
  EXPECT_EQ(str(o, "mode"), "cpu");
  EXPECT_EQ(str(o, "digest"), python_chain("e2e", 1000));
  EXPECT_EQ(o.at("iters").as_int64(), 1000);
  EXPECT_EQ(str(o, "model"), GetParam());
  EXPECT_EQ(str(o, "engine"), "native");
  EXPECT_GT(o.at("pid").as_int64(), 0);
  EXPECT_GE(o.at("queue_us").as_int64(), 0);
  EXPECT_GE(o.at("service_us").as_int64(), 0);
}

TEST_P(ModelApi, CpuDefaultsAreSeedGilbenchAnd80000Iters) {
  auto r = post_score(port_, R"({"mode":"cpu"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(body_of(r), "digest"), python_chain("gilbench", 80000));
}

TEST_P(ModelApi, IoReturnsTheStoredValue) {
  auto r = post_score(port_, R"({"mode":"io","key":"k3"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = body_of(r);
  EXPECT_EQ(str(o, "key"), "k3");
  EXPECT_EQ(str(o, "val"), python_chain("gilbench-kv-3", 1));
}

TEST_P(ModelApi, IoWithoutKeyReadsARandomKeyOfTheStore) {
  std::set<std::string> keys;
  Conn c(port_);
  for (int i = 0; i < 20; ++i) {
    c.send(score_request(R"({"mode":"io"})"));
    auto r = c.read();
    ASSERT_EQ(r.status, 200) << r.body;
    auto o = body_of(r);
    std::string key = str(o, "key");
    ASSERT_EQ(key[0], 'k');
    int idx = std::stoi(key.substr(1));
    EXPECT_GE(idx, 0);
    EXPECT_LT(idx, 1000);
    keys.insert(key);
    EXPECT_EQ(str(o, "val").size(), 64u);
  }
  EXPECT_GT(keys.size(), 10u) << "20 uniform draws of 1000 keys should rarely repeat";
}

TEST_P(ModelApi, IoFixedWaitIsServedAfterTheWait) {
  auto r = post_score(port_, R"({"mode":"io","key":"k1","wait_ms":40,"wait_dist":"fixed"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GE(body_of(r).at("service_us").as_int64(), 40000);
}

TEST_P(ModelApi, Noop) {
  auto r = post_score(port_, R"({"mode":"noop"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = body_of(r);
  EXPECT_EQ(str(o, "mode"), "noop");
  EXPECT_FALSE(o.contains("digest"));
}

struct ErrCase {
  std::string raw;
  int status;
  std::string code;
};

TEST_P(ModelApi, EveryErrorStatusOfTheContract) {
  const std::string big_body = R"({"mode":"cpu","seed":")" + std::string(5000, 'a') + "\"}";
  const std::vector<ErrCase> cases = {
      {score_request("{nope", false), 400, "malformed_json"},
      {score_request("", false), 400, "malformed_json"},
      {score_request(R"({"mode":"cpu","iters":"9"})", false), 400, "wrong_type"},
      {score_request(R"({"mode":"cpu","iters":2.5})", false), 400, "wrong_type"},
      {score_request(R"({"mode":"cpu","iters":5000001})", false), 400, "out_of_range"},
      {score_request(R"({"mode":"cpu","iters":-3})", false), 400, "out_of_range"},
      {score_request(R"({"mode":"warp"})", false), 400, "unknown_mode"},
      {score_request(R"({"iters":3})", false), 400, "missing_field"},
      {score_request(R"([1,2])", false), 400, "invalid_request"},
      {score_request("{\"mode\":\"cpu\",\"seed\":\"\xff\"}", false), 400, "malformed_json"},
      {score_request(R"({"mode":"io","key":"nope"})", false), 404, "unknown_key"},
      {"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404, "not_found"},
      {"GET /score HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, "method_not_allowed"},
      {"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 405,
       "method_not_allowed"},
      {score_request(big_body, false), 413, "body_too_large"},
      {"POST /score HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'h') + "\r\n\r\n", 431,
       "headers_too_large"},
      {"BLAH\x01 / HTTP/9\r\n\r\n", 400, "bad_http"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code + " / " + c.raw.substr(0, 60));
    Conn conn(port_);
    conn.send(c.raw);
    auto r = conn.read();
    ASSERT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/json");
    auto o = body_of(r);
    EXPECT_EQ(str(o, "error"), c.code);
    EXPECT_FALSE(str(o, "detail").empty());
    if (c.status == 405) {
      EXPECT_FALSE(r.header("allow").empty());
    }
  }
  EXPECT_EQ(get(port_, "/healthz").status, 200) << "bad requests must not take the server down";
}

TEST_P(ModelApi, HealthzAndMetrics) {
  auto h = get(port_, "/healthz");
  ASSERT_EQ(h.status, 200);
  auto o = body_of(h);
  EXPECT_EQ(str(o, "status"), "ok");
  EXPECT_EQ(str(o, "model"), GetParam());
  EXPECT_EQ(str(o, "engine"), "native");
  EXPECT_EQ(o.at("workers").as_int64(), GetParam() == "async" ? 1 : 2);

  // procs: each worker counts its own requests, so read them on one connection.
  Conn c(port_);
  for (int i = 0; i < 3; ++i) {
    c.send(score_request(R"({"mode":"noop"})"));
    ASSERT_EQ(c.read().status, 200);
  }
  c.send(score_request(R"({"mode":"bogus"})"));
  ASSERT_EQ(c.read().status, 400);
  c.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  auto m = c.read();
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(m.body.find("gilbench_requests_total{mode=\"noop\",status=\"200\"} 3\n"), std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("gilbench_requests_total{mode=\"other\",status=\"400\"} 1\n"), std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("# TYPE gilbench_request_seconds histogram"), std::string::npos);
  EXPECT_NE(m.body.find("gilbench_in_flight "), std::string::npos);
  EXPECT_NE(m.body.find("gilbench_queue_depth "), std::string::npos);
  EXPECT_NE(m.body.find("gilbench_rejected_total 0"), std::string::npos);
}

TEST_P(ModelApi, HundredRequestsOnOneKeepAliveConnection) {
  Conn c(port_);
  for (int i = 0; i < 100; ++i) {
    c.send(score_request(i % 2 ? R"({"mode":"noop"})" : R"({"mode":"io","key":"k9"})"));
    auto r = c.read();
    ASSERT_EQ(r.status, 200) << "request " << i << ": " << r.body;
    EXPECT_NE(r.header("connection"), "close");
  }
}

TEST_P(ModelApi, TenPipelinedRequestsAnsweredInOrder) {
  std::vector<std::pair<std::string, long>> cases;
  std::string burst;
  for (int i = 0; i < 10; ++i) {
    cases.emplace_back("pipe" + std::to_string(i), 100 + 50 * (9 - i));  // later ones are cheaper
    burst += score_request(R"({"mode":"cpu","seed":"pipe)" + std::to_string(i) +
                           R"(","iters":)" + std::to_string(cases.back().second) + "}");
  }
  auto expected = python_chains(cases);
  Conn c(port_);
  c.send(burst);
  for (int i = 0; i < 10; ++i) {
    auto r = c.read();
    ASSERT_EQ(r.status, 200) << i;
    EXPECT_EQ(str(body_of(r), "digest"), expected[static_cast<std::size_t>(i)]) << "answer " << i;
  }
}

TEST_P(ModelApi, ChunkedRequestBody) {
  Conn c(port_);
  c.send("POST /score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
         "a\r\n{\"mode\":\"c\r\n"
         "13\r\npu\",\"iters\":7,\"seed\r\n"
         "6\r\n\":\"ch\"\r\n"
         "1\r\n}\r\n"
         "0\r\n\r\n");
  auto r = c.read();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(body_of(r), "digest"), python_chain("ch", 7));
}

TEST_P(ModelApi, Http10ClosesUnlessKeepAliveAsked) {
  const std::string body = R"({"mode":"noop"})";
  const std::string req = "POST /score HTTP/1.0\r\nContent-Length: " + std::to_string(body.size());
  {
    Conn c(port_);
    c.send(req + "\r\n\r\n" + body);
    auto r = c.read();
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(c.closed_by_peer());
  }
  Conn c(port_);
  for (int i = 0; i < 3; ++i) {
    c.send(req + "\r\nConnection: keep-alive\r\n\r\n" + body);
    ASSERT_EQ(c.read().status, 200) << i;
  }
}

TEST_P(ModelApi, ExpectContinueIsHonoured) {
  const std::string body = R"({"mode":"cpu","iters":3,"seed":"ec"})";
  Conn c(port_);
  c.send("POST /score HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n");
  // The interim answer must come before we send the body.
  auto interim = c.read(2s);
  // Conn::read skips 100 and waits for the final answer, which cannot come
  // yet: a timeout (status 0) here means the 100 arrived and was skipped.
  EXPECT_EQ(interim.status, 0);
  c.send(body);
  auto r = c.read();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(body_of(r), "digest"), python_chain("ec", 3));
}

TEST_P(ModelApi, ThirtyTwoConcurrentClientsEveryAnswerChecked) {
  constexpr int kClients = 32, kEach = 6;
  std::vector<std::pair<std::string, long>> cases;
  for (int i = 0; i < kClients; ++i) cases.emplace_back("client" + std::to_string(i), 2000 + i);
  auto expected = python_chains(cases);
  std::vector<int> good(kClients, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      Conn c(port_);
      for (int k = 0; k < kEach; ++k) {
        if (k % 2 == 0) {
          c.send(score_request(R"({"mode":"cpu","seed":"client)" + std::to_string(i) +
                               R"(","iters":)" + std::to_string(2000 + i) + "}"));
          auto r = c.read();
          if (r.status == 200 && str(body_of(r), "digest") == expected[static_cast<std::size_t>(i)])
            ++good[static_cast<std::size_t>(i)];
        } else {
          std::string key = "k" + std::to_string(i * 7);
          c.send(score_request(R"({"mode":"io","key":")" + key + "\"}"));
          auto r = c.read();
          if (r.status == 200 && str(body_of(r), "key") == key) ++good[static_cast<std::size_t>(i)];
        }
      }
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kClients; ++i) EXPECT_EQ(good[static_cast<std::size_t>(i)], kEach) << "client " << i;
}

INSTANTIATE_TEST_SUITE_P(AllModels, ModelApi, ::testing::ValuesIn(all_models()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace gilbench::testing
