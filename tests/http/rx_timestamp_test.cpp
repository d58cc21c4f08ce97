#include "http/rx_timestamp.h"

#include <gtest/gtest.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <cstring>
#include <thread>

namespace gilbench::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A recvmsg control buffer holding one message of (level, type) with `ts`.
struct Control {
  alignas(cmsghdr) char buf[CMSG_SPACE(sizeof(scm_timestamping))]{};
  msghdr m{};
  Control(int level, int type, scm_timestamping ts) {
    m.msg_control = buf;
    m.msg_controllen = sizeof buf;
    cmsghdr* c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = level;
    c->cmsg_type = type;
    c->cmsg_len = CMSG_LEN(sizeof ts);
    std::memcpy(CMSG_DATA(c), &ts, sizeof ts);
  }
};

TEST(RxStamp, ReadsTheSoftwareStampOfScmTimestamping) {
  scm_timestamping ts{};
  ts.ts[0] = {1700000000, 123456789};
  ts.ts[2] = {5, 6};  // a hardware stamp is another clock: never used
  Control c(SOL_SOCKET, SCM_TIMESTAMPING, ts);
  auto got = software_rx_stamp(c.m);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->tv_sec, 1700000000);
  EXPECT_EQ(got->tv_nsec, 123456789);
}

TEST(RxStamp, NoStampWhenAbsentZeroOrAnotherMessage) {
  msghdr empty{};
  EXPECT_FALSE(software_rx_stamp(empty));
  scm_timestamping zero{};
  zero.ts[2] = {5, 6};  // hardware only: no software stamp
  EXPECT_FALSE(software_rx_stamp(Control(SOL_SOCKET, SCM_TIMESTAMPING, zero).m));
  scm_timestamping ts{};
  ts.ts[0] = {1700000000, 1};
  EXPECT_FALSE(software_rx_stamp(Control(SOL_SOCKET, SCM_RIGHTS, ts).m));
  EXPECT_FALSE(software_rx_stamp(Control(SOL_IP, SCM_TIMESTAMPING, ts).m));
}

TEST(RxStamp, ConvertsTheStampsAgeToTheSteadyClock) {
  const auto now = SteadyClock::time_point(1000s);
  // 1.5 ms old, across a second boundary (nanosecond borrow).
  auto a = to_steady({99, 999'000'000}, {100, 500'000}, now);
  ASSERT_TRUE(a);
  EXPECT_EQ(now - *a, 1500us);
  auto same = to_steady({100, 7}, {100, 7}, now);
  ASSERT_TRUE(same);
  EXPECT_EQ(*same, now);
  // A stamp after "now": the realtime clock was stepped back; age unknown.
  EXPECT_FALSE(to_steady({100, 8}, {100, 7}, now));
  EXPECT_FALSE(to_steady({101, 0}, {100, 999'999'999}, now));
}

TEST(RxStamp, StampingIsInEffectOnceAwaited) {
  // A listener that asks keeps machine-wide stamping on while it lives.
  asio::io_context ioc;
  tcp::acceptor keep(ioc, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  ASSERT_FALSE(enable_rx_timestamps(keep.native_handle()));
  EXPECT_TRUE(await_rx_stamping(5s));
}

// A connected pair on 127.0.0.1: `server` accepted from a listener that had
// receive stamps enabled (or not).
struct Pair {
  asio::io_context ioc;
  tcp::acceptor listener{ioc, tcp::endpoint(asio::ip::address_v4::loopback(), 0)};
  tcp::socket client{ioc}, server{ioc};
  explicit Pair(bool stamps) {
    if (stamps) {
      auto ec = enable_rx_timestamps(listener.native_handle());
      EXPECT_FALSE(ec) << ec.message();
    }
    client.connect(listener.local_endpoint());
  }
  void accept() { listener.accept(server); }
  void send(std::string_view s) { asio::write(client, asio::buffer(s.data(), s.size())); }
};

// Reads once through the reader; returns the bytes (empty on error) and ec.
std::pair<std::string, boost::system::error_code> read_once(Pair& p, StampedReader& r,
                                                             std::size_t max = 4096) {
  std::string out;
  boost::system::error_code err;
  boost::beast::flat_buffer buf;
  asio::co_spawn(
      p.ioc,
      [&]() -> asio::awaitable<void> {
        auto [ec, n] = co_await r.async_read_some(buf.prepare(max), asio::as_tuple(asio::use_awaitable));
        buf.commit(n);
        err = ec;
        out.assign(static_cast<const char*>(buf.data().data()), buf.size());
      },
      asio::detached);
  p.ioc.restart();
  p.ioc.run_for(5s);
  return {out, err};
}

TEST(StampedReader, AcceptedSocketsInheritTheListenersSetting) {
  Pair p(true);
  p.accept();
  int flags = 0;
  socklen_t len = sizeof flags;
  ASSERT_EQ(::getsockopt(p.server.native_handle(), SOL_SOCKET, SO_TIMESTAMPING, &flags, &len), 0);
  EXPECT_EQ(flags, SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE);
}

TEST(StampedReader, StampsWhenTheBytesArrivedNotWhenTheyWereRead) {
  Pair p(true);
  const auto before_send = SteadyClock::now();
  p.send("GET / HTTP/1.1\r\n\r\n");  // before accept: still stamped
  std::this_thread::sleep_for(60ms);
  p.accept();
  StampedReader r(p.server);
  r.begin_request(false);
  EXPECT_FALSE(r.arrival());
  auto [data, ec] = read_once(p, r);
  const auto after_read = SteadyClock::now();
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(data, "GET / HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(r.arrival()) << "the kernel gave no receive stamp";
  EXPECT_GE(*r.arrival(), before_send - 1ms);  // conversion error is far below 1 ms
  EXPECT_LE(*r.arrival(), after_read);
  EXPECT_GE(after_read - *r.arrival(), 50ms) << "the 60 ms in the socket buffer must count";
}

TEST(StampedReader, APipelinedRequestTakesTheStampOfTheReadThatBroughtIt) {
  Pair p(true);
  p.accept();
  StampedReader r(p.server);
  r.begin_request(false);
  p.send("first");
  auto [d1, e1] = read_once(p, r);
  ASSERT_EQ(d1, "first");
  const auto first = r.arrival();
  ASSERT_TRUE(first);
  // Bytes of the next request left in the buffer came with that read.
  r.begin_request(true);
  EXPECT_EQ(r.arrival(), first);
  // Nothing buffered: the next read's stamp is the next request's.
  std::this_thread::sleep_for(20ms);
  p.send("second");
  r.begin_request(false);
  auto [d2, e2] = read_once(p, r);
  ASSERT_EQ(d2, "second");
  ASSERT_TRUE(r.arrival());
  EXPECT_GE(*r.arrival() - *first, 15ms);
}

// The documented inexact case: bytes that arrive while earlier bytes of the
// connection are still unread share the newer stamp, so queue_us can only be
// understated, never overstated.
TEST(StampedReader, BytesWaitingUnreadTakeTheStampOfLaterBytes) {
  Pair p(true);
  p.accept();
  StampedReader r(p.server);
  r.begin_request(false);
  p.send("POST / HTTP/1.1\r\n");
  std::this_thread::sleep_for(40ms);
  const auto second_sent = SteadyClock::now();
  p.send("Content-Length: 0\r\n\r\n");
  std::this_thread::sleep_for(10ms);
  auto [data, ec] = read_once(p, r);
  ASSERT_EQ(data, "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(r.arrival());
  EXPECT_GE(*r.arrival(), second_sent - 1ms);
}

TEST(StampedReader, WithoutStampsReadsButKnowsNoArrival) {
  Pair p(false);
  p.accept();
  StampedReader r(p.server);
  r.begin_request(false);
  p.send("abc");
  auto [data, ec] = read_once(p, r);
  EXPECT_FALSE(ec);
  EXPECT_EQ(data, "abc");
  EXPECT_FALSE(r.arrival());
}

TEST(StampedReader, WaitsForLateBytesAndReportsEofAndCancel) {
  Pair p(true);
  p.accept();
  StampedReader r(p.server);
  r.begin_request(false);
  std::thread late([&] {
    std::this_thread::sleep_for(30ms);
    p.send("late");
  });
  auto [data, ec] = read_once(p, r);
  late.join();
  EXPECT_FALSE(ec);
  EXPECT_EQ(data, "late");
  EXPECT_TRUE(r.arrival());

  // Cancel aborts a read that is waiting, as on the socket itself.
  asio::steady_timer t(p.ioc, 20ms);
  t.async_wait([&](auto) { p.server.cancel(); });
  auto [none, cancelled] = read_once(p, r);
  EXPECT_EQ(cancelled, asio::error::operation_aborted);

  p.client.shutdown(tcp::socket::shutdown_send);
  auto [eof_data, eof] = read_once(p, r);
  EXPECT_EQ(eof, asio::error::eof);
  EXPECT_TRUE(eof_data.empty());
}

}  // namespace
}  // namespace gilbench::http
