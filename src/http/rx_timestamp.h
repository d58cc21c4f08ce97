// When a request's bytes reached the server's socket: the kernel's software
// receive timestamp (SO_TIMESTAMPING, SOF_TIMESTAMPING_RX_SOFTWARE), read
// with recvmsg and converted to the steady clock, so queue_us counts the
// time a request waits in the socket buffer while a loop or worker is busy
// (docs/api.md, "Timing fields").
//
// Why SO_TIMESTAMPING and not SO_TIMESTAMPNS: both deliver the same stamp
// (skb->tstamp, taken when the segment enters the receive path), at the same
// cost. SO_TIMESTAMPING separates asking the kernel to generate stamps from
// asking it to report them, and reports a NIC's hardware stamp in the same
// control message should one be enabled later; it is what issue 9 names.
//
// What a stamp is on TCP: recvmsg reports the stamp of the last segment the
// read consumed, and a segment that arrives while earlier data of the same
// connection is still unread is usually merged into it, taking the newer
// stamp. So a stamp is never earlier than the arrival of the first byte the
// read returns; it equals it when those bytes came in one segment and nothing
// of the connection arrived after them before the read.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <optional>
#include <type_traits>

namespace gilbench::http {

// A request's arrival on the steady clock; nullopt when the kernel gave no
// usable stamp (then the answer carries no queue_us).
using Arrival = std::optional<std::chrono::steady_clock::time_point>;

// Asks the kernel to stamp and report received segments on `fd`. On a
// listening socket, connections it accepts inherit the setting, and segments
// that arrive before accept() are stamped too.
boost::system::error_code enable_rx_timestamps(int fd);

// The kernel switches receive stamping on machine-wide, lazily, when the
// first socket asks (and off when the last one closes): segments received
// before that carry no stamp. Sends bytes to itself over 127.0.0.1 until
// they come back stamped, or `max` passes; returns whether they did. Run
// after enable_rx_timestamps, so requests that arrive afterwards are stamped.
bool await_rx_stamping(std::chrono::milliseconds max);

// The software receive stamp (CLOCK_REALTIME) in a recvmsg's control data.
std::optional<timespec> software_rx_stamp(const msghdr& m);

// Converts a CLOCK_REALTIME stamp to the steady clock through the age of the
// stamp at one instant read on both clocks (real_now, steady_now). nullopt
// if the stamp lies after real_now: the realtime clock was stepped back
// since, so its age is unknown.
Arrival to_steady(timespec stamp, timespec real_now, std::chrono::steady_clock::time_point steady_now);

// A read-only stream over a connected TCP socket for Beast's parser: reads
// with recvmsg and remembers the receive stamp, so the server can tell when
// the first byte of each request arrived. Only reads go through it; writes,
// cancel() and close use the socket itself.
class StampedReader {
 public:
  using executor_type = boost::asio::ip::tcp::socket::executor_type;

  explicit StampedReader(boost::asio::ip::tcp::socket& sock) : sock_(sock) {}
  executor_type get_executor() { return sock_.get_executor(); }

  // Marks the start of a request: `buffered` when bytes left over from the
  // last read already begin it (pipelining), so they arrived with that read.
  void begin_request(bool buffered) {
    pending_ = !buffered;
    arrival_ = buffered ? last_ : Arrival{};
  }
  // When the first byte of the current request arrived.
  Arrival arrival() const { return arrival_; }

  // AsyncReadStream. Completes with asio::error::eof on an orderly close.
  // Tries the read at once; if nothing is there, waits for readability on
  // the socket (so sock.cancel() aborts it) and tries again. Hand-written
  // rather than async_compose: its extra work guard and handler moves cost
  // ~1,600 instructions per request on the noop path (callgrind).
  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, const MutableBuffers& b) {
          namespace asio = boost::asio;
          boost::system::error_code ec;
          const std::size_t n = read_now(b, ec);
          if (ec != asio::error::would_block) {
            // Done inside the initiating call: complete through the
            // handler's executor, as Asio's own sockets do, never from in
            // here (Beast's read op would then finish inside its caller).
            static_assert(!std::is_same_v<asio::associated_executor_t<decltype(handler)>,
                                          asio::system_executor>,
                          "the caller's handler must name its executor (a Beast op does)");
            asio::post(asio::append(std::move(handler), ec, n));
            return;
          }
          sock_.async_wait(asio::ip::tcp::socket::wait_read,
                           ReadOp<MutableBuffers, decltype(handler)>{this, b, std::move(handler)});
        },
        token, buffers);
  }

 private:
  // Waits for readability, reads, and hands the result to the caller's
  // handler, whose executor, allocator and cancellation slot it carries.
  template <class MutableBuffers, class Handler>
  struct ReadOp {
    StampedReader* r;
    MutableBuffers buffers;
    Handler handler;

    using executor_type = boost::asio::associated_executor_t<Handler, StampedReader::executor_type>;
    executor_type get_executor() const noexcept {
      return boost::asio::get_associated_executor(handler, r->sock_.get_executor());
    }
    using allocator_type = boost::asio::associated_allocator_t<Handler>;
    allocator_type get_allocator() const noexcept { return boost::asio::get_associated_allocator(handler); }
    using cancellation_slot_type = boost::asio::associated_cancellation_slot_t<Handler>;
    cancellation_slot_type get_cancellation_slot() const noexcept {
      return boost::asio::get_associated_cancellation_slot(handler);
    }

    void operator()(boost::system::error_code wait_ec) {
      if (wait_ec) return std::move(handler)(wait_ec, std::size_t{0});
      boost::system::error_code ec;
      const std::size_t n = r->read_now(buffers, ec);
      if (ec == boost::asio::error::would_block) {  // woken without data: wait again
        r->sock_.async_wait(boost::asio::ip::tcp::socket::wait_read, std::move(*this));
        return;
      }
      std::move(handler)(ec, n);
    }
  };

  template <class MutableBuffers>
  std::size_t read_now(const MutableBuffers& buffers, boost::system::error_code& ec) {
    iovec iov[kMaxIov];
    std::size_t count = 0;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers) && count < kMaxIov; ++it) {
      boost::asio::mutable_buffer b(*it);
      iov[count++] = iovec{b.data(), b.size()};
    }
    return recv(iov, count, ec);
  }
  // One non-blocking recvmsg; records the stamp of what it read.
  std::size_t recv(iovec* iov, std::size_t count, boost::system::error_code& ec);

  static constexpr std::size_t kMaxIov = 16;
  boost::asio::ip::tcp::socket& sock_;
  Arrival last_;      // stamp of the last read that returned bytes
  Arrival arrival_;   // first byte of the current request
  bool pending_ = true;  // the current request's first byte is yet to be read
};

}  // namespace gilbench::http
