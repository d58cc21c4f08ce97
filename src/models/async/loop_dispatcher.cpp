#include "models/async/loop_dispatcher.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <unistd.h>

namespace gilbench::models {

namespace asio = boost::asio;

LoopDispatcher::LoopDispatcher(asio::io_context& ioc, engines::Engine& engine, Identity id,
                               LoopExecution how)
    : ioc_(ioc),
      worker_(engine.make_worker()),
      id_(std::move(id)),
      how_(how),
      rng_(0x2545f4914f6cdd1dULL ^ static_cast<std::uint64_t>(::getpid())) {
  if (how_.offload_db) offload_ = std::make_unique<DbOffload>(ioc, engine);
}

LoopDispatcher::~LoopDispatcher() { stop(); }

void LoopDispatcher::stop() {
  if (offload_) offload_->stop();
}

asio::awaitable<api::Outcome> LoopDispatcher::run_io(const api::IoRequest& r) {
  auto wait = draw_wait(r, rng_);
  if (wait.count() > 0) {
    if (how_.blocking_wait) {
      if (!block_wait_or_abandon(*worker_, wait)) co_return shutting_down();
    } else {
      // The server cancels the wait when the client leaves or the drain
      // deadline passes (http/server.cpp); either way the answer is 503.
      asio::steady_timer t(ioc_, wait);
      auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return shutting_down();
    }
  }
  std::string key = choose_key(r, worker_->key_count(), rng_);
  if (offload_) {
    // A blocking wait took this worker's GIL; the lookup takes the offload
    // thread's: the request waited for both.
    const auto waited = worker_->take_gil_wait();
    api::Outcome o = co_await offload_->lookup(std::move(key));
    if (waited) o.gil_wait = *waited + o.gil_wait.value_or(std::chrono::nanoseconds{});
    co_return o;
  }
  co_return run_lookup(key, *worker_);
}

asio::awaitable<http::Reply> LoopDispatcher::dispatch(api::Request req, http::Arrival arrived) {
  const auto started = Clock::now();
  api::Outcome o;
  if (auto* c = std::get_if<api::CpuRequest>(&req))
    o = run_cpu(*c, *worker_);  // inline on purpose: it blocks the loop, as in asyncio
  else if (auto* io = std::get_if<api::IoRequest>(&req))
    o = co_await run_io(*io);
  co_return make_reply(api::mode_of(req), o, id_, {arrived, started, Clock::now()});
}

}  // namespace gilbench::models
