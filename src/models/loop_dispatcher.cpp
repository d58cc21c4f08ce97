#include "models/loop_dispatcher.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <unistd.h>

namespace gilbench::models {

namespace asio = boost::asio;

LoopWaiter::LoopWaiter(asio::io_context& ioc, engines::Engine& engine, LoopExecution how)
    : ioc_(ioc), how_(how) {
  if (how_.offload_db) offload_ = std::make_unique<DbOffload>(ioc, engine);
}

void LoopWaiter::stop() {
  if (offload_) offload_->stop();
}

asio::awaitable<bool> LoopWaiter::sleep(std::chrono::microseconds d, engines::Worker& w) {
  if (how_.blocking_wait) co_return co_await blocking_.sleep(d, w);
  // The server cancels the wait when the client leaves or the drain
  // deadline passes (http/server.cpp); either way the answer is 503.
  asio::steady_timer t(ioc_, d);
  auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  co_return !ec;
}

bool LoopWaiter::elsewhere(const Request& r) const {
  return offload_ && r.workload->kind() == workloads::Kind::io;
}

asio::awaitable<Outcome> LoopWaiter::work(const Request& r, engines::Worker& w, Rng& rng) {
  if (!elsewhere(r)) co_return run_here(r, w, rng);
  // A blocking wait took this worker's GIL; the work takes the database
  // thread's: the request waited for both.
  const auto waited = w.take_gil_wait();
  Outcome o = co_await offload_->run(r);
  if (waited) o.gil_wait = *waited + o.gil_wait.value_or(std::chrono::nanoseconds{});
  co_return o;
}

LoopDispatcher::LoopDispatcher(asio::io_context& ioc, engines::Engine& engine, Identity id,
                               LoopExecution how)
    : worker_(engine.make_worker()),
      loop_waiter_(ioc, engine, how),
      id_(std::move(id)),
      rng_(0x2545f4914f6cdd1dULL ^ static_cast<std::uint64_t>(::getpid())) {}

LoopDispatcher::~LoopDispatcher() { stop(); }

void LoopDispatcher::stop() { loop_waiter_.stop(); }

asio::awaitable<http::Reply> LoopDispatcher::dispatch(Request req, http::Arrival arrived) {
  Handled h = co_await handle(req, *worker_, *waiter_, rng_, Clock::steady());
  co_return make_reply(req, h, id_, arrived);
}

}  // namespace gilbench::models
