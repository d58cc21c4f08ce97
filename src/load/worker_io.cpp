// The socket state machine of a load thread: connect, write, read, fail and
// reconnect. Scheduling and accounting are in worker.cpp.
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "load/worker.h"

namespace gilbench::load {

namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kBackoffMinNs = 10 * kMs;
constexpr std::int64_t kBackoffMaxNs = 500 * kMs;
constexpr std::size_t kBufMax = std::size_t{64} << 20;

}  // namespace

void Worker::start_connect(Conn& c, std::int64_t now) {
  // connect -> write -> fail -> reconnect can chain within one call when a
  // target kills connections at once; past a few links, defer to the sweep
  // so the stack stays bounded.
  if (reconnect_depth_ > 4) {
    c.st = St::backoff;
    c.retry_at = now;
    return;
  }
  ++reconnect_depth_;
  start_connect_now(c, now);
  --reconnect_depth_;
}

void Worker::start_connect_now(Conn& c, std::int64_t now) {
  c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c.fd < 0) return fail(c, Fail::connect, now);
  int one = 1;
  setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const int rc = ::connect(c.fd, reinterpret_cast<const sockaddr*>(&sh_.addr), sizeof sh_.addr);
  if (rc == 0) {
    epoll_event ev{EPOLLIN | EPOLLRDHUP, {.ptr = &c}};
    epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev);
    return on_connected(c, now);
  }
  if (errno != EINPROGRESS) return fail(c, Fail::connect, now);
  c.st = St::connecting;
  c.deadline = now + sh_.timeout_ns;
  epoll_event ev{EPOLLOUT, {.ptr = &c}};
  epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev);
}

void Worker::on_connected(Conn& c, std::int64_t now) {
  ++result_.connects;
  account_open(now);
  ++open_;
  result_.connections_peak = std::max(result_.connections_peak, open_);
  c.backoff = 0;
  last_progress_ = now;
  became_idle(c, now);
}

void Worker::on_event(Conn& c, std::uint32_t events) {
  if (c.st == St::connecting) {
    const std::int64_t now = now_ns();
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0 || (events & (EPOLLERR | EPOLLHUP))) return fail(c, Fail::connect, now);
    epoll_event ev{EPOLLIN | EPOLLRDHUP, {.ptr = &c}};
    epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
    return on_connected(c, now);
  }
  const int fd = c.fd;
  if (c.st == St::writing && (events & EPOLLOUT)) on_writable(c);
  // on_writable may have failed and reconnected: the events were for the old socket.
  if (c.fd == fd && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) on_readable(c);
}

void Worker::on_writable(Conn& c) {
  const ssize_t n = ::send(c.fd, c.req.data() + c.written, c.req.size() - c.written, MSG_NOSIGNAL);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    return fail(c, Fail::write, now_ns());
  }
  c.written += static_cast<std::size_t>(n);
  if (c.written < c.req.size()) return;
  c.st = St::reading;
  epoll_event ev{EPOLLIN | EPOLLRDHUP, {.ptr = &c}};
  epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
}

void Worker::on_readable(Conn& c) {
  if (c.len == c.cap) {
    if (c.cap >= kBufMax) return fail(c, Fail::read, now_ns());
    auto bigger = std::make_unique<char[]>(c.cap * 2);
    std::copy(c.buf.get(), c.buf.get() + c.len, bigger.get());
    c.buf = std::move(bigger);
    c.cap *= 2;
  }
  const ssize_t n = ::recv(c.fd, c.buf.get() + c.len, c.cap - c.len, 0);
  const std::int64_t now = now_ns();
  const bool in_flight = c.st == St::reading || c.st == St::writing;
  if (n > 0) {
    if (c.in_window) result_.bytes_read += static_cast<std::uint64_t>(n);
    c.len += static_cast<std::size_t>(n);
    if (!in_flight) return drop(c, now);  // unsolicited bytes: do not trust the stream
    const auto s = c.parser.feed(c.buf.get(), c.len);
    // One request is in flight at a time, so bytes past the answer belong to
    // no request: the server broke the framing, and the answer is not trusted.
    if (s == ResponseParser::State::complete && c.parser.consumed() != c.len)
      return fail(c, Fail::protocol, now);
    if (s == ResponseParser::State::complete) return on_response(c, now);
    if (s == ResponseParser::State::error) return fail(c, Fail::protocol, now);
    return;
  }
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  // EOF or reset.
  if (!in_flight) {
    ++result_.closed_by_server;
    return drop(c, now);
  }
  if (n == 0 && c.st == St::reading &&
      c.parser.eof(c.buf.get(), c.len) == ResponseParser::State::complete)
    return on_response(c, now);
  fail(c, Fail::read, now);
}

void Worker::fail(Conn& c, Fail why, std::int64_t now) {
  const bool counted = why == Fail::connect ? now >= sh_.measure_start_ns : c.in_window;
  if (counted) {
    switch (why) {
      case Fail::connect: ++result_.errors.connect; break;
      case Fail::read: ++result_.errors.read; break;
      case Fail::protocol: ++result_.errors.read, ++result_.errors.protocol; break;
      case Fail::write: ++result_.errors.write; break;
      case Fail::timeout: ++result_.errors.timeout; break;
    }
    if (why != Fail::connect && in_timeline(now)) ++second_of(now).errors;
    if (why != Fail::connect && sh_.log_requests)
      record(c, now,
             why == Fail::read || why == Fail::protocol ? RequestRecord::kRead
             : why == Fail::write ? RequestRecord::kWrite
                                  : RequestRecord::kTimeout);
  } else {
    ++result_.warmup_errors;
  }
  if (why == Fail::connect) {
    close_fd(c, now);
    c.backoff = c.backoff ? std::min(c.backoff * 2, kBackoffMaxNs) : kBackoffMinNs;
    c.retry_at = now + c.backoff;
    c.st = St::backoff;
    return;
  }
  drop(c, now);
}

void Worker::drop(Conn& c, std::int64_t now) {
  close_fd(c, now);
  start_connect(c, now);
}

void Worker::close_fd(Conn& c, std::int64_t now) {
  if (c.fd < 0) return;
  const bool was_open = c.st != St::connecting && c.st != St::closed && c.st != St::backoff;
  if (c.st == St::reading || c.st == St::writing) {
    --in_flight_;
    if (c.in_window) --window_in_flight_;
  }
  ::close(c.fd);  // also removes it from the epoll set
  c.fd = -1;
  c.st = St::closed;
  c.in_window = false;
  if (was_open) {
    account_open(now);
    --open_;
  }
}

void Worker::sweep(std::int64_t now) {
  for (auto& c : conns_) {
    switch (c.st) {
      case St::reading:
      case St::writing:
        if (now >= c.deadline) fail(c, Fail::timeout, now);
        break;
      case St::connecting:
        if (now >= c.deadline) fail(c, Fail::connect, now);
        break;
      case St::backoff:
        if (now >= c.retry_at) start_connect(c, now);
        break;
      default:
        break;
    }
  }
}

}  // namespace gilbench::load
