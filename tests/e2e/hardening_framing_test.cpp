// RFC 9112/9110 framing on the real binary: one row per case, its exact
// status, and whether the connection must be closed after the answer.
#include <gtest/gtest.h>

#include "harness.h"

namespace gilbench::testing {
namespace {

struct Row {
  const char* name;
  std::string raw;
  int status;
  bool has_body = true;   // false: HEAD, no body even though Content-Length > 0
  bool closes = false;    // the server closes the connection after answering
};

std::string get_req(const std::string& target, const std::string& extra = "Host: x\r\n",
                    const std::string& version = "HTTP/1.1") {
  return "GET " + target + " " + version + "\r\n" + extra + "\r\n";
}

std::vector<Row> rows() {
  return {
      {"plain GET", get_req("/healthz"), 200},
      {"missing Host", get_req("/healthz", ""), 400, true, true},
      {"doubled Host", get_req("/healthz", "Host: a\r\nHost: b\r\n"), 400, true, true},
      {"Host with a space", get_req("/healthz", "Host: a b\r\n"), 400, true, true},
      {"Host with userinfo", get_req("/healthz", "Host: u@a\r\n"), 400, true, true},
      {"Host with a bad port", get_req("/healthz", "Host: a:8x\r\n"), 400, true, true},
      {"Host IPv6 literal", get_req("/healthz", "Host: [::1]:80\r\n"), 200},
      {"HTTP/1.0 without Host", get_req("/healthz", "", "HTTP/1.0"), 200, true, true},
      {"HEAD healthz", "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 200, false},
      {"HEAD score", "HEAD /score HTTP/1.1\r\nHost: x\r\n\r\n", 405, false},
      {"absolute-form", get_req("http://127.0.0.1:1/healthz"), 200},
      {"absolute-form upper case", get_req("HTTP://example.com/healthz?x=1"), 200},
      {"absolute-form unknown path", get_req("http://example.com/nope"), 404},
      {"target over the limit", get_req("/" + std::string(5000, 'a')), 414, true, true},
      {"request line over --max-header", get_req("/" + std::string(9000, 'a')), 414, true, true},
      {"headers over --max-header", get_req("/healthz", "Host: x\r\nX-A: " + std::string(9000, 'a') + "\r\n"),
       431, true, true},
      {"HTTP/2.0", get_req("/healthz", "Host: x\r\n", "HTTP/2.0"), 505, true, true},
      {"HTTP/0.9", get_req("/healthz", "Host: x\r\n", "HTTP/0.9"), 505, true, true},
      {"one leading CRLF", "\r\n" + get_req("/healthz"), 200},
      {"two leading CRLFs", "\r\n\r\n" + get_req("/healthz"), 400, true, true},
      {"unknown method", "BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 501},
      {"known method, wrong path", "PUT /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405},
      {"bad method characters", "BL\x01H / HTTP/1.1\r\nHost: x\r\n\r\n", 400, true, true},
  };
}

class Framing : public ::testing::TestWithParam<std::string> {};

TEST_P(Framing, EveryCaseHasItsExactStatus) {
  auto s = start_server({"--model", GetParam(), "--workers", "2"});
  for (const auto& row : rows()) {
    SCOPED_TRACE(row.name);
    Conn c(s->port());
    ASSERT_TRUE(c.send(row.raw));
    auto r = c.read(5s, !row.has_body);
    ASSERT_EQ(r.status, row.status) << r.body;
    if (row.has_body) {
      EXPECT_FALSE(r.body.empty());
    } else {
      EXPECT_TRUE(r.body.empty()) << r.body;
      EXPECT_NE(r.header("content-length"), "0") << "HEAD keeps the GET's Content-Length";
    }
    if (row.closes) {
      EXPECT_EQ(r.header("connection"), "close");
      EXPECT_TRUE(c.closed_by_peer(3s));
    } else {
      // The connection stays usable: a second request on it is answered.
      ASSERT_TRUE(c.send(get_req("/healthz")));
      EXPECT_EQ(c.read(5s).status, 200);
    }
  }
  EXPECT_EQ(s->stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(AllModels, Framing, ::testing::ValuesIn(all_models()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace gilbench::testing
