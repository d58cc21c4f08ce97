#include "load/worker.h"

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
constexpr std::size_t kBufInitial = 16 * 1024;

std::int64_t to_us(std::int64_t ns) { return (ns + 500) / 1000; }

std::int64_t thread_cpu_ns() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

std::int64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double unix_now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

Worker::Worker(RunShared& shared, int connections, double rate_rps, std::int64_t phase_ns,
               std::size_t first_request)
    : sh_(shared), conns_(static_cast<std::size_t>(connections)), open_loop_(rate_rps > 0),
      phase_ns_(phase_ns), next_request_(first_request) {
  if (open_loop_) {
    interval_ns_ = 1e9 / rate_rps;
    // A thread that never sleeps takes a core the target may need: poll at
    // most half of the time between this thread's sends.
    spin_ns_ = std::min(sh_.spin_ns, static_cast<std::int64_t>(interval_ns_ / 2));
  }
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

bool Worker::in_timeline(std::int64_t now) const {
  return now >= sh_.measure_start_ns && (sh_.end_ns == 0 || now < sh_.end_ns);
}

// The generator's CPU is measured over the window only: the drain is mostly
// waiting, and would dilute a saturated window.
void Worker::sample_cpu(std::int64_t now) {
  if (!cpu_started_ && now >= sh_.measure_start_ns) {
    cpu_started_ = true;
    cpu_ns_ = -thread_cpu_ns();
  }
  if (cpu_started_ && !cpu_stopped_ && ((sh_.end_ns && now >= sh_.end_ns) || finished_ns_)) {
    cpu_stopped_ = true;
    cpu_ns_ += thread_cpu_ns();
    cpu_wall_ns_ = now - sh_.measure_start_ns;
  }
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
    sample_cpu(now);
    if ((sh_.stop && sh_.stop->load(std::memory_order_relaxed)) || done(now)) break;
    if (sh_.end_ns && now >= sh_.end_ns && (now >= sh_.drain_end_ns || drained())) break;
    if (open_loop_) dispatch_open(now);
    if (now >= next_sweep) {
      sweep(now);
      next_sweep = now + kSweepNs;
    }
    std::int64_t wake = std::min(next_sweep, now + kMaxWaitNs);
    if (sh_.end_ns) wake = std::min(wake, now < sh_.end_ns ? sh_.end_ns : sh_.drain_end_ns);
    if (!cpu_started_) wake = std::min(wake, sh_.measure_start_ns);
    bool spinning = false;
    const std::int64_t due = open_loop_ ? intended_at(next_k_) : 0;
    // Only a send that will happen is worth waking for: none after the
    // window's end or once the -n budget is spent.
    if (open_loop_ && !idle_.empty() && !budget_spent_ && (sh_.end_ns == 0 || due < sh_.end_ns)) {
      // Sleep until spin_ns_ before the send is due, then poll without
      // sleeping: a wake-up is late by tens of µs, a poll by about one.
      if (due - spin_ns_ <= now) {
        wake = now;
        spinning = due > now;
      } else {
        wake = std::min(wake, due - spin_ns_);
      }
    }
    const std::int64_t wait = std::max<std::int64_t>(0, wake - now);
    const std::int64_t poll_start = spinning ? now_ns() : 0;
    timespec ts{static_cast<time_t>(wait / 1'000'000'000), static_cast<long>(wait % 1'000'000'000)};
    int n = epoll_pwait2(ep_, events, 256, &ts, nullptr);
    if (n < 0 && errno == ENOSYS)  // kernels before 5.11: ms resolution, rounded up
      n = epoll_wait(ep_, events, 256, static_cast<int>((wait + kMs - 1) / kMs));
    if (spinning && n <= 0 && cpu_started_ && !cpu_stopped_) spin_wall_ns_ += now_ns() - poll_start;
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

// After the window: nothing of the window left to send or to hear from.
bool Worker::drained() const {
  if (window_in_flight_ > 0) return false;
  return !open_loop_ || budget_spent_ || intended_at(next_k_) >= sh_.end_ns;
}

void Worker::became_idle(Conn& c, std::int64_t now) {
  c.st = St::idle;
  c.len = 0;
  c.idle_since = now;
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
    Conn* c = idle_.front();
    idle_.pop_front();
    c->queued_idle = false;
    if (c->st != St::idle) continue;  // closed since it was queued
    if (!claim(due)) {
      c->queued_idle = true;
      idle_.push_front(c);
      return;
    }
    ++next_k_;
    if (due >= sh_.measure_start_ns) {
      // The oldest free connection was free since idle_since: before that,
      // the request waited for a connection (the target's doing or -c's);
      // after it, for the generator itself.
      result_.gen_lag.record(to_us(now - std::max(due, c->idle_since)));
      if (c->idle_since > due) ++result_.starved;
    }
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
    ++window_in_flight_;
    if (sh_.end_ns == 0 || now < sh_.end_ns) ++sent_in_window_;
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

void Worker::record(const Conn& c, std::int64_t done, int outcome) {
  records_.push_back({c.intended, c.sent, done, outcome});
}

void Worker::on_response(Conn& c, std::int64_t now) {
  const int status = c.parser.status();
  const bool ok = status >= 200 && status < 300;
  last_progress_ = now;
  --in_flight_;
  c.st = St::idle;
  if (ok && in_timeline(now)) ++result_.ok_completed;
  if (c.in_window) {
    --window_in_flight_;
    ++result_.requests;
    const std::int64_t lat = to_us(now - c.intended);
    if (ok) {
      ++result_.ok;
      result_.latency.record(lat);
      result_.ulatency.record(to_us(now - c.sent));
    } else {
      ++result_.errors.status;
      ++result_.errors.by_status[status];
      result_.err_latency.record(lat);
    }
    const auto& p = c.parser;
    if (p.queue_us() >= 0) result_.queue.record(p.queue_us());
    if (p.service_us() >= 0) result_.service.record(p.service_us());
    if (p.gil_wait_us() >= 0) result_.gil_wait.record(p.gil_wait_us());
    if (p.ipc_us() >= 0) result_.ipc.record(p.ipc_us());
    if (sh_.log_requests) record(c, now, status);
    if (in_timeline(now)) {
      Second& s = second_of(now);
      ++s.requests;
      if (ok) {
        ++s.ok;
        s.lat_sum += static_cast<double>(lat);
        s.lat_max = std::max(s.lat_max, lat);
      }
    }
  } else {
    ++result_.warmup_requests;
  }
  // A keep-alive answer followed by more bytes means the stream is out of
  // step; Connection: close means the server is done with this socket.
  if (!c.parser.keep_alive() || c.parser.consumed() != c.len) return drop(c, now);
  became_idle(c, now);
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

void Worker::censor(std::int64_t intended, std::int64_t sent, std::int64_t deadline) {
  ++result_.censored;
  result_.latency.record(to_us(deadline - intended));
  if (sh_.log_requests) records_.push_back({intended, sent, deadline, RequestRecord::kCensored});
}

void Worker::finish(std::int64_t now) {
  finished_ns_ = now;
  sample_cpu(now);
  account_open(now);
  // Whatever of the window is still unanswered is censored at the deadline:
  // its true latency is at least that long.
  const std::int64_t deadline = sh_.end_ns ? std::min(now, sh_.drain_end_ns) : now;
  for (auto& c : conns_)
    if ((c.st == St::reading || c.st == St::writing) && c.in_window) {
      ++result_.in_flight_end;
      censor(c.intended, c.sent, std::max(deadline, c.intended));
    }
  if (open_loop_ && !(sh_.limited && budget_spent_)) {
    // Due in the window but never handed to a connection. With -n, only
    // requests that claimed the budget count as scheduled.
    const std::int64_t stop_at = sh_.end_ns ? std::min(now, sh_.end_ns) : now;
    for (std::uint64_t k = next_k_; intended_at(k) < stop_at; ++k) {
      const std::int64_t at = intended_at(k);
      if (at < sh_.measure_start_ns) continue;
      ++result_.not_issued_end;
      censor(at, 0, std::max(deadline, at));
    }
  }
  result_.scheduled = result_.issued + result_.not_issued_end;
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
