// Request smuggling through Transfer-Encoding (issue 14, item 3): a request
// whose body length is ambiguous is answered 400 (501 for a coding we do not
// implement) and the connection is closed, so a body can never be served
// as a second request.
#include <gtest/gtest.h>

#include "harness.h"

namespace gilbench::testing {
namespace {

struct Case {
  const char* name;
  std::string head;  // request line and framing headers, without the final CRLF
  int status;
};

class Smuggling : public ::testing::TestWithParam<std::string> {};

TEST_P(Smuggling, AmbiguousBodyIsRejectedAndTheSmuggledRequestNeverAnswered) {
  auto s = start_server({"--model", GetParam(), "--workers", "2"});
  const std::string post = "POST /score HTTP/1.1\r\nHost: x\r\n";
  const std::vector<Case> cases = {
      {"gzip", post + "Transfer-Encoding: gzip\r\n", 400},
      {"chunked then gzip", post + "Transfer-Encoding: chunked, gzip\r\n", 400},
      {"identity", post + "Transfer-Encoding: identity\r\n", 400},
      {"xchunked", post + "Transfer-Encoding: xchunked\r\n", 400},
      {"two lines, gzip last", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n", 400},
      {"gzip then chunked", post + "Transfer-Encoding: gzip, chunked\r\n", 501},
      {"with Content-Length", post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", 400},
      {"HTTP/1.0 chunked", "POST /score HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n", 400},
  };
  // The smuggled request; were it served, its answer would be a 200.
  const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Conn conn(s->port());
    ASSERT_TRUE(conn.send(c.head + "\r\n" + smuggled));
    auto r = conn.read(5s);
    ASSERT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.header("connection"), "close");
    auto second = conn.read(2s);
    EXPECT_EQ(second.status, 0) << "the smuggled request was answered: " << second.body;
    EXPECT_TRUE(conn.closed_by_peer(3s));
  }
  // A well-formed chunked request is still served.
  Conn ok(s->port());
  ok.send(post + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"mode\":\"noop\"} \r\n0\r\n\r\n");
  EXPECT_EQ(ok.read(5s).status, 200);
  EXPECT_EQ(s->stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(AllModels, Smuggling, ::testing::ValuesIn(all_models()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace gilbench::testing
