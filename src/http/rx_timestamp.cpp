#include "http/rx_timestamp.h"

#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace gilbench::http {

namespace asio = boost::asio;
using boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

error_code enable_rx_timestamps(int fd) {
  // RX_SOFTWARE: stamp received segments; SOFTWARE: report software stamps.
  const int flags = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
  if (::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags) != 0)
    return error_code(errno, boost::system::system_category());
  return {};
}

namespace {
// A descriptor closed on scope exit.
struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};
}  // namespace

bool await_rx_stamping(std::chrono::milliseconds max) {
  Fd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener.fd < 0 || enable_rx_timestamps(listener.fd) ||
      ::bind(listener.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener.fd, 1) != 0 ||
      ::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return false;
  Fd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (client.fd < 0 || ::connect(client.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return false;
  Fd server(::accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC));
  if (server.fd < 0) return false;
  const auto deadline = SteadyClock::now() + max;
  for (;;) {
    char byte = 's';
    if (::send(client.fd, &byte, 1, MSG_NOSIGNAL) != 1) return false;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(scm_timestamping))];
    iovec iov{&byte, 1};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    if (::recvmsg(server.fd, &m, 0) != 1) return false;  // loopback: already there
    if (software_rx_stamp(m)) return true;
    if (SteadyClock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

std::optional<timespec> software_rx_stamp(const msghdr& m) {
  for (const cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr;
       c = CMSG_NXTHDR(const_cast<msghdr*>(&m), const_cast<cmsghdr*>(c))) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPING) continue;
    if (c->cmsg_len < CMSG_LEN(sizeof(scm_timestamping))) continue;
    scm_timestamping ts;
    std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
    // ts[0] is the software stamp; zero when the segment carried none (it
    // arrived before any socket on the machine asked for stamps).
    if (ts.ts[0].tv_sec == 0 && ts.ts[0].tv_nsec == 0) return std::nullopt;
    return ts.ts[0];
  }
  return std::nullopt;
}

Arrival to_steady(timespec stamp, timespec real_now, SteadyClock::time_point steady_now) {
  const std::int64_t age_ns =
      (static_cast<std::int64_t>(real_now.tv_sec) - stamp.tv_sec) * 1'000'000'000 +
      (static_cast<std::int64_t>(real_now.tv_nsec) - stamp.tv_nsec);
  if (age_ns < 0) return std::nullopt;
  return steady_now - std::chrono::duration_cast<SteadyClock::duration>(std::chrono::nanoseconds(age_ns));
}

std::size_t StampedReader::recv(iovec* iov, std::size_t count, error_code& ec) {
  ec = {};
  std::size_t want = 0;
  for (std::size_t i = 0; i < count; ++i) want += iov[i].iov_len;
  if (want == 0) return 0;  // as Asio: an empty read completes at once
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(scm_timestamping))];
  msghdr m{};
  m.msg_iov = iov;
  m.msg_iovlen = count;
  m.msg_control = control;
  m.msg_controllen = sizeof control;
  ssize_t got;
  do {
    got = ::recvmsg(sock_.native_handle(), &m, MSG_DONTWAIT);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    ec = (errno == EAGAIN || errno == EWOULDBLOCK)
             ? error_code(asio::error::would_block)
             : error_code(errno, boost::system::system_category());
    return 0;
  }
  if (got == 0) {
    ec = asio::error::eof;
    return 0;
  }
  // The clocks are read right after the stamp, so the conversion's error is
  // only what the realtime clock was stepped or slewed by in between.
  Arrival stamp;
  if (auto ts = software_rx_stamp(m)) {
    timespec real_now;
    ::clock_gettime(CLOCK_REALTIME, &real_now);
    stamp = to_steady(*ts, real_now, SteadyClock::now());
  }
  last_ = stamp;
  if (pending_) {
    arrival_ = stamp;
    pending_ = false;
  }
  return static_cast<std::size_t>(got);
}

}  // namespace gilbench::http
