#include "load/http_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace gilbench::load {
namespace {

using State = ResponseParser::State;

// Feeds `raw` in pieces of `step` bytes, as successive reads would deliver it.
State feed_in_steps(ResponseParser& p, const std::string& raw, std::size_t step) {
  State s = State::incomplete;
  for (std::size_t n = std::min(step, raw.size());; n = std::min(n + step, raw.size())) {
    s = p.feed(raw.data(), n);
    if (s != State::incomplete || n == raw.size()) return s;
  }
}

const std::string kBody = R"({"mode":"noop","model":"threads","queue_us":17,"service_us":3})";
const std::string kLength = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(kBody.size()) + "\r\n\r\n" + kBody;

TEST(ResponseParser, ContentLengthWholeAndByteByByte) {
  for (std::size_t step : {kLength.size(), std::size_t{1}, std::size_t{7}}) {
    ResponseParser p;
    ASSERT_EQ(feed_in_steps(p, kLength, step), State::complete) << step;
    EXPECT_EQ(p.status(), 200);
    EXPECT_TRUE(p.keep_alive());
    EXPECT_EQ(p.consumed(), kLength.size());
    EXPECT_EQ(p.queue_us(), 17);
    EXPECT_EQ(p.service_us(), 3);
  }
}

TEST(ResponseParser, GilWaitAndIpcWhenPresentElseMinusOne) {
  const std::string body = R"({"queue_us":1,"service_us":2,"gil_wait_us":345,"ipc_us":67})";
  const std::string raw = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  ResponseParser p;
  ASSERT_EQ(p.feed(raw.data(), raw.size()), State::complete);
  EXPECT_EQ(p.gil_wait_us(), 345);
  EXPECT_EQ(p.ipc_us(), 67);
  ResponseParser q;
  ASSERT_EQ(q.feed(kLength.data(), kLength.size()), State::complete);
  EXPECT_EQ(q.gil_wait_us(), -1);
  EXPECT_EQ(q.ipc_us(), -1);
}

TEST(ResponseParser, IncompleteBodyWaits) {
  ResponseParser p;
  EXPECT_EQ(p.feed(kLength.data(), kLength.size() - 1), State::incomplete);
  EXPECT_EQ(p.feed(kLength.data(), kLength.size()), State::complete);
}

TEST(ResponseParser, ChunkedSplitAnywhere) {
  const std::string raw =
      "HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\r\n"
      "5\r\n{\"a\":\r\n1a;ext=1\r\n\"queue_us\":42,\"service_us\"\r\n3\r\n:9}\r\n0\r\n\r\n";
  for (std::size_t step = 1; step <= raw.size(); step += 5) {
    ResponseParser p;
    ASSERT_EQ(feed_in_steps(p, raw, step), State::complete) << step;
    EXPECT_EQ(p.status(), 500);
    EXPECT_EQ(p.consumed(), raw.size());
    EXPECT_EQ(p.queue_us(), 42);
    // The key is whole in one chunk, its value in the next: missed, not misread.
    EXPECT_EQ(p.service_us(), -1);
  }
}

TEST(ResponseParser, ChunkedWithTrailers) {
  const std::string raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-T: 1\r\n\r\n";
  ResponseParser p;
  ASSERT_EQ(feed_in_steps(p, raw, 3), State::complete);
  EXPECT_EQ(p.consumed(), raw.size());
}

TEST(ResponseParser, ConnectionCloseAndHttp10) {
  ResponseParser p;
  const std::string close = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
  ASSERT_EQ(p.feed(close.data(), close.size()), State::complete);
  EXPECT_FALSE(p.keep_alive());
  p.reset();
  const std::string old = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";
  ASSERT_EQ(p.feed(old.data(), old.size()), State::complete);
  EXPECT_FALSE(p.keep_alive());
  p.reset();
  const std::string old_ka = "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok";
  ASSERT_EQ(p.feed(old_ka.data(), old_ka.size()), State::complete);
  EXPECT_TRUE(p.keep_alive());
}

TEST(ResponseParser, BodyUntilCloseCompletesOnEof) {
  const std::string raw = "HTTP/1.1 200 OK\r\n\r\n{\"queue_us\": 5}";
  ResponseParser p;
  EXPECT_EQ(p.feed(raw.data(), raw.size()), State::incomplete);
  ASSERT_EQ(p.eof(raw.data(), raw.size()), State::complete);
  EXPECT_EQ(p.queue_us(), 5);
  EXPECT_FALSE(p.keep_alive());
}

TEST(ResponseParser, EofMidBodyIsAnError) {
  ResponseParser p;
  EXPECT_EQ(p.feed(kLength.data(), 60), State::incomplete);
  EXPECT_EQ(p.eof(kLength.data(), 60), State::error);
}

TEST(ResponseParser, NoBodyFor204And304) {
  const std::string raw = "HTTP/1.1 204 No Content\r\n\r\n";
  ResponseParser p;
  ASSERT_EQ(p.feed(raw.data(), raw.size()), State::complete);
  EXPECT_EQ(p.status(), 204);
  EXPECT_EQ(p.consumed(), raw.size());
}

TEST(ResponseParser, InterimResponseIsSkipped) {
  const std::string raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx";
  ResponseParser p;
  ASSERT_EQ(feed_in_steps(p, raw, 4), State::complete);
  EXPECT_EQ(p.status(), 201);
  EXPECT_EQ(p.consumed(), raw.size());
}

TEST(ResponseParser, MalformedIsAnError) {
  for (const std::string raw : {"HTTP/2 200 OK\r\n\r\n", "garbage\r\n\r\n", "HTTP/1.1 20x OK\r\n\r\n",
                                "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
                                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    ResponseParser p;
    EXPECT_EQ(p.feed(raw.data(), raw.size()), State::error) << raw;
  }
}

TEST(ResponseParser, ConflictingContentLengthsAreAnErrorEqualOnesAreNot) {
  const std::string conflicting = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok";
  ResponseParser p;
  EXPECT_EQ(p.feed(conflicting.data(), conflicting.size()), State::error);
  const std::string equal = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nok";
  ResponseParser q;
  EXPECT_EQ(q.feed(equal.data(), equal.size()), State::complete);
  EXPECT_EQ(q.consumed(), equal.size());
}

TEST(ResponseParser, OversizedHeaderIsAnError) {
  std::string raw = "HTTP/1.1 200 OK\r\nX: " + std::string(ResponseParser::kMaxHeader, 'a');
  ResponseParser p;
  EXPECT_EQ(p.feed(raw.data(), raw.size()), State::error);
}

}  // namespace
}  // namespace gilbench::load
