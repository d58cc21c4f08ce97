#include "load/worker.h"

#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>

namespace gilbench::load {

namespace {

constexpr std::int64_t kMs = 1'000'000;
// Timeouts, connect deadlines and reconnects are checked this often; the
// send schedule itself is timed to the microsecond.
constexpr std::int64_t kSweepNs = 10 * kMs;
constexpr std::int64_t kMaxWaitNs = 1 * kMs;  // how often `stop` is looked at
constexpr std::int64_t kBackoffMinNs = 10 * kMs;
constexpr std::int64_t kBackoffMaxNs = 500 * kMs;
constexpr std::size_t kBufInitial = 16 * 1024;
constexpr std::size_t kBufMax = std::size_t{64} << 20;

std::int64_t to_us(std::int64_t ns) { return (ns + 500) / 1000; }

}  // namespace

std::int64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Worker::Worker(RunShared& shared, int connections, double rate_rps, std::int64_t phase_ns,
               std::size_t first_request)
    : sh_(shared), conns_(static_cast<std::size_t>(connections)), open_loop_(rate_rps > 0),
      phase_ns_(phase_ns), next_request_(first_request) {
  if (open_loop_) interval_ns_ = 1e9 / rate_rps;
  idle_.reserve(conns_.size());
  for (auto& c : conns_) {
    c.cap = kBufInitial;
    c.buf = std::make_unique<char[]>(c.cap);
  }
  ep_ = epoll_create1(EPOLL_CLOEXEC);
}

Worker::~Worker() {
  for (auto& c : conns_)
    if (c.fd >= 0) ::close(c.fd);
  if (ep_ >= 0) ::close(ep_);
}

std::int64_t Worker::intended_at(std::uint64_t k) const {
  return sh_.t0_ns + phase_ns_ + static_cast<std::int64_t>(std::llround(interval_ns_ * static_cast<double>(k)));
}

void Worker::run() {
  // The default 50 µs timer slack would blur an open-loop schedule.
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  std::int64_t now = now_ns();
  open_since_ = sh_.measure_start_ns;
  last_progress_ = now;
  for (auto& c : conns_) start_connect(c, now);
  std::int64_t next_sweep = now + kSweepNs;
  epoll_event events[256];
  for (;;) {
    now = now_ns();
    if ((sh_.stop && sh_.stop->load(std::memory_order_relaxed)) || (sh_.end_ns && now >= sh_.end_ns) ||
        done(now))
      break;
    if (open_loop_) dispatch_open(now);
    if (now >= next_sweep) {
      sweep(now);
      next_sweep = now + kSweepNs;
    }
    std::int64_t wake = std::min(next_sweep, now + kMaxWaitNs);
    if (sh_.end_ns) wake = std::min(wake, sh_.end_ns);
    if (open_loop_ && !idle_.empty()) {
      const std::int64_t due = intended_at(next_k_);
      wake = std::min(wake, due - sh_.spin_ns <= now ? now : due);
    }
    const std::int64_t wait = std::max<std::int64_t>(0, wake - now);
    timespec ts{static_cast<time_t>(wait / 1'000'000'000), static_cast<long>(wait % 1'000'000'000)};
    int n = epoll_pwait2(ep_, events, 256, &ts, nullptr);
    if (n < 0 && errno == ENOSYS)  // kernels before 5.11: ms resolution, rounded up
      n = epoll_wait(ep_, events, 256, static_cast<int>((wait + kMs - 1) / kMs));
    for (int i = 0; i < n; ++i) on_event(*static_cast<Conn*>(events[i].data.ptr), events[i].events);
  }
  finish(now_ns());
}

bool Worker::done(std::int64_t now) {
  if (budget_spent_ && in_flight_ == 0) return true;
  // No time limit and nothing has worked for a while: the target is gone;
  // give up rather than retry forever (the connect errors say why).
  if (!sh_.end_ns && open_ == 0 && now - last_progress_ > std::max(sh_.timeout_ns, 1000 * kMs)) return true;
  return false;
}

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

void Worker::became_idle(Conn& c, std::int64_t now) {
  c.st = St::idle;
  c.len = 0;
  if (!open_loop_) {
    try_issue_closed(c, now);
    return;
  }
  if (!c.queued_idle) {
    c.queued_idle = true;
    idle_.push_back(&c);
  }
  dispatch_open(now);
}

bool Worker::claim(std::int64_t intended) {
  if (!sh_.limited || intended < sh_.measure_start_ns) return true;
  if (budget_spent_) return false;
  if (sh_.budget.fetch_sub(1, std::memory_order_relaxed) > 0) return true;
  budget_spent_ = true;
  return false;
}

bool Worker::try_issue_closed(Conn& c, std::int64_t now) {
  if (sh_.end_ns && now >= sh_.end_ns) return false;
  if (!claim(now)) return false;
  issue(c, now, now);
  return true;
}

void Worker::dispatch_open(std::int64_t now) {
  while (!idle_.empty()) {
    const std::int64_t due = intended_at(next_k_);
    if (due > now || (sh_.end_ns && due >= sh_.end_ns)) return;
    Conn* c = idle_.back();
    idle_.pop_back();
    c->queued_idle = false;
    if (c->st != St::idle) continue;  // closed since it was queued
    if (!claim(due)) {
      c->queued_idle = true;
      idle_.push_back(c);
      return;
    }
    ++next_k_;
    issue(*c, due, now);
  }
}

void Worker::issue(Conn& c, std::int64_t intended, std::int64_t now) {
  c.req = sh_.pool->at(next_request_);
  if (++next_request_ == sh_.pool->size()) next_request_ = 0;
  c.intended = intended;
  c.sent = now;
  c.in_window = intended >= sh_.measure_start_ns;
  c.deadline = now + sh_.timeout_ns;
  c.written = 0;
  c.len = 0;
  c.parser.reset();
  c.st = St::writing;
  ++in_flight_;
  if (c.in_window) {
    ++result_.issued;
    if (open_loop_) result_.send_delay.record(to_us(now - intended));
  }
  const ssize_t n = ::send(c.fd, c.req.data(), c.req.size(), MSG_NOSIGNAL);
  if (n == static_cast<ssize_t>(c.req.size())) {
    c.st = St::reading;
    return;
  }
  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return fail(c, Fail::write, now);
  c.written = n > 0 ? static_cast<std::size_t>(n) : 0;
  epoll_event ev{EPOLLIN | EPOLLOUT | EPOLLRDHUP, {.ptr = &c}};
  epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
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
    if (s == ResponseParser::State::complete) return on_response(c, now);
    if (s == ResponseParser::State::error) return fail(c, Fail::read, now);
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

void Worker::on_response(Conn& c, std::int64_t now) {
  const int status = c.parser.status();
  const bool ok = status >= 200 && status < 300;
  last_progress_ = now;
  --in_flight_;
  c.st = St::idle;
  if (ok && now >= sh_.measure_start_ns && (sh_.end_ns == 0 || now <= sh_.end_ns))
    ++result_.ok_completed;
  if (c.in_window) {
    ++result_.requests;
    const std::int64_t lat = to_us(now - c.intended);
    result_.latency.record(lat);
    result_.ulatency.record(to_us(now - c.sent));
    if (ok) {
      ++result_.ok;
    } else {
      ++result_.errors.status;
      ++result_.errors.by_status[status];
    }
    if (c.parser.queue_us() >= 0) result_.queue.record(c.parser.queue_us());
    if (c.parser.service_us() >= 0) result_.service.record(c.parser.service_us());
    if (now >= sh_.measure_start_ns) {
      Second& s = second_of(now);
      ++s.requests;
      s.ok += ok;
      s.lat_sum += static_cast<double>(lat);
      s.lat_max = std::max(s.lat_max, lat);
    }
  } else {
    ++result_.warmup_requests;
  }
  // A keep-alive answer followed by more bytes means the stream is out of
  // step; Connection: close means the server is done with this socket.
  if (!c.parser.keep_alive() || c.parser.consumed() != c.len) return drop(c, now);
  became_idle(c, now);
}

void Worker::fail(Conn& c, Fail why, std::int64_t now) {
  const bool counted = why == Fail::connect ? now >= sh_.measure_start_ns : c.in_window;
  if (counted) {
    switch (why) {
      case Fail::connect: ++result_.errors.connect; break;
      case Fail::read: ++result_.errors.read; break;
      case Fail::write: ++result_.errors.write; break;
      case Fail::timeout: ++result_.errors.timeout; break;
    }
    if (why != Fail::connect && now >= sh_.measure_start_ns) ++second_of(now).errors;
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
  if (c.st == St::reading || c.st == St::writing) --in_flight_;
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

void Worker::account_open(std::int64_t now) {
  std::int64_t t = std::max(now, sh_.measure_start_ns);
  if (sh_.end_ns) t = std::min(t, sh_.end_ns);
  if (t > open_since_) {
    open_area_ += static_cast<double>(open_) * static_cast<double>(t - open_since_);
    open_since_ = t;
  }
}

Worker::Second& Worker::second_of(std::int64_t now) {
  const auto i = static_cast<std::size_t>((now - sh_.measure_start_ns) / 1'000'000'000);
  if (i >= seconds_.size()) seconds_.resize(i + 1);
  return seconds_[i];
}

void Worker::finish(std::int64_t now) {
  finished_ns_ = now;
  account_open(now);
  for (auto& c : conns_)
    if ((c.st == St::reading || c.st == St::writing) && c.in_window) ++result_.in_flight_end;
  if (open_loop_) {
    // Due in the window but never handed to a connection: the shortfall.
    const std::int64_t stop_at = sh_.end_ns ? std::min(now, sh_.end_ns) : now;
    for (std::uint64_t k = next_k_; intended_at(k) < stop_at; ++k)
      if (intended_at(k) >= sh_.measure_start_ns) ++result_.not_issued_end;
  }
  for (std::size_t i = 0; i < seconds_.size(); ++i) {
    TimelinePoint p;
    p.t_s = static_cast<double>(i);
    p.requests = seconds_[i].requests;
    p.ok = seconds_[i].ok;
    p.errors = seconds_[i].errors;
    p.lat_mean_us = seconds_[i].lat_sum;  // a sum until the threads are merged
    p.lat_max_us = seconds_[i].lat_max;
    result_.timeline.push_back(p);
  }
  for (auto& c : conns_) close_fd(c, now);
}

}  // namespace gilbench::load
