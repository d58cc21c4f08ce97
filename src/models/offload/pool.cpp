#include "models/offload/pool.h"

#include <boost/asio/this_coro.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "api/error.h"
#include "models/drain.h"
#include "models/offload/wire.h"

namespace gilbench::models::offload {

namespace asio = boost::asio;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Pool::Proc {
  Proc(asio::io_context& ioc, const Announced& a)
      : slot(a.who.slot), pid(a.who.pid), req(ioc, a.req_fd), resp(ioc, a.resp_fd) {}
  int slot;
  int pid;
  asio::posix::stream_descriptor req, resp;
  bool busy = false;
  bool alive = true;
};

Pool::Pool(asio::io_context& ioc, int control_fd, std::vector<Announced> initial,
           std::size_t queue, bool reject, http::Metrics& metrics)
    : ioc_(ioc),
      control_(ioc, ::dup(control_fd)),
      slots_(initial.size()),
      capacity_(queue ? queue : 1),
      reject_(reject),
      space_(ioc),
      metrics_(metrics) {
  for (auto& a : initial) adopt(a);
  restarts_ = 0;
  asio::co_spawn(ioc_, watch_control(), asio::detached);
}

Pool::~Pool() { close(); }

void Pool::adopt(const Announced& a) {
  if (a.who.slot < 0 || static_cast<std::size_t>(a.who.slot) >= slots_.size()) {
    ::close(a.req_fd);
    ::close(a.resp_fd);
    return;
  }
  auto& cur = slots_[static_cast<std::size_t>(a.who.slot)];
  // The fork server replaces only a dead process. A busy predecessor has not
  // shown its EOF yet; its exchange() answers its job and lets go of it.
  if (cur && !cur->busy) retire(cur);
  cur = std::make_shared<Proc>(ioc_, a);
  ++restarts_;  // the first P are not restarts: the constructor resets it
}

void Pool::retire(const std::shared_ptr<Proc>& p) {
  p->alive = false;
  boost::system::error_code ec;
  p->req.close(ec);
  p->resp.close(ec);
  auto& cur = slots_[static_cast<std::size_t>(p->slot)];
  if (cur == p) cur.reset();
}

bool Pool::any_alive() const {
  for (auto& p : slots_)
    if (p && p->alive) return true;
  return false;
}

namespace {
// An error answer (api/error.h makes the 500s); the pid and timing stay.
void fail(PoolResult& r, api::ApiError e) {
  r.status = e.status;
  r.code = std::move(e.code);
  r.text = std::move(e.detail);
}

PoolResult shutting_down(std::string detail) {
  PoolResult x;
  x.status = 503;
  x.code = api::code::shutting_down;
  x.text = std::move(detail);
  return x;
}
}  // namespace

Outcome to_outcome(const PoolResult& r) {
  if (r.status != 200) return Outcome::failure({r.status, r.code, r.text});
  Outcome o;
  o.fields = r.text;
  if (r.gil_wait_us) o.gil_wait = std::chrono::microseconds(*r.gil_wait_us);
  o.remote = workloads::Remote{.pid = r.pid, .service_us = r.service_us, .ipc_us = r.ipc_us, .sent = r.sent};
  return o;
}

asio::awaitable<std::optional<PoolResult>> Pool::wait_for_room() {
  // Only this (loop) thread pushes, so room seen here is still there at the
  // submit() that follows.
  while (queue_.size() >= capacity_) {
    if (reject_) {
      PoolResult x;
      x.status = 503;
      x.code = api::code::overloaded;
      x.text = "the offload queue is full";
      co_return x;
    }
    auto cs = co_await asio::this_coro::cancellation_state;
    if (cs.cancelled() != asio::cancellation_type::none) co_return shutting_down("abandoned");
    ++blocked_;
    space_.expires_at(asio::steady_timer::time_point::max());
    co_await space_.async_wait(use_tuple);
    --blocked_;
  }
  co_return std::nullopt;
}

asio::awaitable<PoolResult> Pool::submit(const Request& r) {
  auto w = std::make_shared<Waiter>(ioc_);
  w->done.expires_at(asio::steady_timer::time_point::max());
  const std::uint64_t id = ++next_id_;
  queue_.push_back(Job{id, r.body, w});
  pump();
  fail_waiting_if_hopeless();
  for (;;) {
    if (w->result) co_return std::move(*w->result);
    co_await w->done.async_wait(use_tuple);
    if (w->result) co_return std::move(*w->result);
    // Woken without a result: the server cancelled this request. One not
    // started leaves the queue; one running in a pool process cannot be
    // interrupted and is awaited (the server answers it as it decides).
    if (remove_queued(id)) co_return shutting_down("abandoned");
  }
}

bool Pool::remove_queued(std::uint64_t id) {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->id != id) continue;
    metrics_.add_skipped();
    queue_.erase(it);
    if (blocked_ > 0) space_.cancel_one();
    return true;
  }
  return false;
}

void Pool::pump() {
  while (!queue_.empty()) {
    if (past_drain_deadline()) {
      // Not started by the deadline: not started at all (docs/api.md, Shutdown).
      finish(queue_.front(), shutting_down("not started by the drain deadline"));
      queue_.pop_front();
      continue;
    }
    std::shared_ptr<Proc> idle;
    for (auto& p : slots_)
      if (p && p->alive && !p->busy) {
        idle = p;
        break;
      }
    if (!idle) return;
    idle->busy = true;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    if (blocked_ > 0) space_.cancel_one();
    asio::co_spawn(ioc_, exchange(std::move(idle), std::move(job)), asio::detached);
  }
}

asio::awaitable<void> Pool::exchange(std::shared_ptr<Proc> p, Job job) {
  PoolResult r;
  r.pid = p->pid;
  r.sent = std::chrono::steady_clock::now();
  const std::string msg = encode_request(job.body);  // counted in ipc_us
  auto [wec, wn] = co_await asio::async_write(p->req, asio::buffer(msg), use_tuple);
  if (wec) {
    // EPIPE: the process died while idle, so the job never reached it.
    p->busy = false;
    retire(p);
    queue_.push_front(std::move(job));
    pump();
    fail_waiting_if_hopeless();
    co_return;
  }
  ResponseHeader h;
  std::string text;
  auto [ec, n] = co_await asio::async_read(p->resp, asio::buffer(&h, sizeof h), use_tuple);
  if (!ec && h.text_len > kMaxText) ec = asio::error::message_size;
  if (!ec) {
    text.resize(h.text_len);
    std::tie(ec, n) = co_await asio::async_read(p->resp, asio::buffer(text), use_tuple);
  }
  const auto back = std::chrono::steady_clock::now();
  p->busy = false;
  if (ec) {
    retire(p);
    fail(r, api::worker_died(fmt::format(
                "pool process {} (slot {}) died while running this request; it is being replaced", p->pid, p->slot)));
  } else {
    r.status = h.status;
    r.text = std::move(text);
    if (h.status != 200) {  // "code\ndetail" (wire.h)
      const auto nl = r.text.find('\n');
      r.code = nl == std::string::npos ? std::string(api::code::internal) : r.text.substr(0, nl);
      if (nl != std::string::npos) r.text.erase(0, nl + 1);
    }
    const auto round_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(back - r.sent).count();
    const std::int64_t gil_ns = std::max<std::int64_t>(0, h.gil_wait_ns);
    r.service_us = (h.work_ns - gil_ns + 500) / 1000;
    if (h.gil_wait_ns >= 0) r.gil_wait_us = (h.gil_wait_ns + 500) / 1000;
    r.ipc_us = std::max<std::int64_t>(0, (round_ns - h.work_ns + 500) / 1000);
  }
  finish(job, std::move(r));
  pump();
  fail_waiting_if_hopeless();
}

asio::awaitable<void> Pool::watch_control() {
  for (;;) {
    auto [ec] = co_await control_.async_wait(asio::posix::stream_descriptor::wait_read, use_tuple);
    if (ec) co_return;  // cancelled: shutting down
    bool closed = false;
    while (auto a = receive(control_.native_handle(), closed)) adopt(*a);
    if (closed) {
      orphaned_ = true;
      std::cerr << "gilbench: the offload fork server has exited; dead pool processes are no longer replaced\n";
      fail_waiting_if_hopeless();
      co_return;
    }
    pump();
  }
}

void Pool::finish(Job& job, PoolResult r) {
  job.waiter->result = std::move(r);
  job.waiter->done.cancel();
}

void Pool::fail_waiting_if_hopeless() {
  if (queue_.empty() || any_alive() || !(stopping_ || orphaned_)) return;
  while (!queue_.empty()) {
    PoolResult r;
    fail(r, api::worker_died(stopping_ ? "no pool process is left and none is started during shutdown"
                                       : "no pool process is left and the fork server has exited"));
    finish(queue_.front(), std::move(r));
    queue_.pop_front();
  }
}

void Pool::stopping() {
  stopping_ = true;
  boost::system::error_code ec;
  control_.cancel(ec);
  fail_waiting_if_hopeless();
}

void Pool::close() {
  for (auto p : slots_)
    if (p) retire(p);
  boost::system::error_code ec;
  control_.close(ec);
}

}  // namespace gilbench::models::offload
