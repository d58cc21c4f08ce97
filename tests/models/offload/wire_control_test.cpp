// The offload model's messages and its control socket, without a server:
// what the loop writes is what a pool process reads, and descriptors passed
// in an announcement are live ends of the same pipes.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "models/offload/control.h"
#include "models/offload/wire.h"

namespace gilbench::models::offload {
namespace {

struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    r = fds[0];
    w = fds[1];
  }
  ~Pipe() {
    if (r >= 0) ::close(r);
    if (w >= 0) ::close(w);
  }
};

TEST(OffloadWire, RequestRoundTripsThroughAPipe) {
  Pipe p;
  const std::string body = R"({"mode":"cpu","iters":80000,"seed":"h\xc3\xa9llo"})";
  ASSERT_TRUE(write_all(p.w, encode_request(body)));
  RequestHeader h;
  ASSERT_TRUE(read_exact(p.r, &h, sizeof h));
  ASSERT_EQ(h.body_len, body.size());
  std::string got(h.body_len, '\0');
  ASSERT_TRUE(read_exact(p.r, got.data(), got.size()));
  EXPECT_EQ(got, body);
}

TEST(OffloadWire, ResponseCarriesStatusTextWorkAndGilWait) {
  Pipe p;
  const std::string digest(64, 'f');
  const std::string msg = encode_response(200, digest, 1234567, 890);
  EXPECT_EQ(msg.size(), sizeof(ResponseHeader) + 64);
  ASSERT_TRUE(write_all(p.w, msg));
  ResponseHeader h;
  ASSERT_TRUE(read_exact(p.r, &h, sizeof h));
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.work_ns, 1234567);
  EXPECT_EQ(h.gil_wait_ns, 890);
  EXPECT_EQ(ResponseHeader{}.gil_wait_ns, -1) << "no GIL wait unless the engine reports one";
  ASSERT_EQ(h.text_len, 64u);
}

TEST(OffloadWire, OverlongErrorTextIsCutToTheLimit) {
  const std::string text(kMaxText + 100, 'e');
  const std::string msg = encode_response(500, text, 0);
  ResponseHeader h;
  std::memcpy(&h, msg.data(), sizeof h);
  EXPECT_EQ(h.text_len, kMaxText);
  EXPECT_EQ(msg.size(), sizeof h + kMaxText);
}

TEST(OffloadWire, ReadExactReportsEofMidMessage) {
  Pipe p;
  ASSERT_TRUE(write_all(p.w, "abc"));
  ::close(p.w);
  p.w = -1;
  char buf[8];
  EXPECT_FALSE(read_exact(p.r, buf, sizeof buf));
}

TEST(OffloadControl, AnnouncedDescriptorsAreTheSamePipes) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
  Pipe req, resp;
  ASSERT_TRUE(announce(sv[1], {3, 4242}, req.w, resp.r));
  bool closed = false;
  auto a = receive(sv[0], closed);
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(closed);
  EXPECT_EQ(a->who.slot, 3);
  EXPECT_EQ(a->who.pid, 4242);
  // Writing to the received request end reaches the original read end...
  ASSERT_TRUE(write_all(a->req_fd, "ping"));
  char buf[4];
  ASSERT_TRUE(read_exact(req.r, buf, 4));
  EXPECT_EQ(std::string(buf, 4), "ping");
  // ...and the received answer end reads what the original write end sends.
  ASSERT_TRUE(write_all(resp.w, "pong"));
  ASSERT_TRUE(read_exact(a->resp_fd, buf, 4));
  EXPECT_EQ(std::string(buf, 4), "pong");
  ::close(a->req_fd);
  ::close(a->resp_fd);
  // Nothing more waiting: no announcement, not closed.
  EXPECT_FALSE(receive(sv[0], closed).has_value());
  EXPECT_FALSE(closed);
  ::close(sv[1]);
  EXPECT_FALSE(receive(sv[0], closed).has_value());
  EXPECT_TRUE(closed) << "EOF once the pool side has gone";
  ::close(sv[0]);
}

TEST(OffloadControl, AMessageWithoutDescriptorsIsDropped) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
  Announcement who{0, 1};
  ASSERT_EQ(::send(sv[1], &who, sizeof who, 0), static_cast<ssize_t>(sizeof who));
  bool closed = false;
  EXPECT_FALSE(receive(sv[0], closed).has_value());
  EXPECT_FALSE(closed);
  ::close(sv[0]);
  ::close(sv[1]);
}

}  // namespace
}  // namespace gilbench::models::offload
