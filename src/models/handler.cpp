#include "models/handler.h"

#include <boost/asio/co_spawn.hpp>

#include "api/response.h"
#include "models/drain.h"
#include "engines/abandon.h"

namespace gilbench::models {

namespace asio = boost::asio;

namespace {
std::int64_t micros(std::chrono::nanoseconds d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}
}  // namespace

Clock& Clock::steady() {
  static Clock c;
  return c;
}

Outcome run_here(const Request& r, engines::Worker& w, Rng& rng) {
  Outcome o = r.workload->run(*r.params, w, rng);
  o.gil_wait = w.take_gil_wait();
  return o;
}

asio::awaitable<Outcome> Waiter::work(const Request& r, engines::Worker& w, Rng& rng) {
  co_return run_here(r, w, rng);  // a Waiter whose elsewhere() is true overrides this
}

asio::awaitable<bool> BlockingWaiter::sleep(std::chrono::microseconds wait, engines::Worker& w) {
  // Slices of at most a second: each is one time.sleep for the python
  // engine, so the extra GIL acquisitions stay rare, and the drain deadline
  // is noticed within a second.
  constexpr std::chrono::microseconds kSlice = std::chrono::seconds(1);
  while (wait.count() > 0) {
    if (past_drain_deadline()) {
      w.take_gil_wait();  // the abandoned request's, not the next one's
      co_return false;
    }
    auto step = std::min(wait, kSlice);
    w.block_wait(step);
    wait -= step;
  }
  co_return true;
}

Outcome shutting_down() {
  return Outcome::failure({503, api::code::shutting_down, "the server stopped at its drain deadline"});
}

asio::awaitable<Handled> handle(const Request& r, engines::Worker& w, Waiter& waiter, Rng& rng,
                                Clock& clock) {
  Handled h;
  h.started = clock.now();
  try {
    const auto wait = r.workload->wait(*r.params, rng);
    if (wait.count() > 0 && !co_await waiter.sleep(wait, w))
      h.outcome = shutting_down();
    else if (waiter.elsewhere(r))
      h.outcome = co_await waiter.work(r, w, rng);
    else
      h.outcome = run_here(r, w, rng);
  } catch (const std::exception& e) {
    w.take_gil_wait();  // the failed request's, not the next one's
    // Work that stopped because nobody wants it any more (the python
    // engine's stop arrives as a Python exception) is not a failure.
    h.outcome = engines::work_abandoned() ? shutting_down()
                                            : Outcome::failure(api::internal_error(e.what()));
  }
  h.done = clock.now();
  co_return h;
}

void run_to_end(asio::awaitable<void> loop) {
  asio::io_context ctx(1);
  std::exception_ptr error;
  asio::co_spawn(ctx, std::move(loop), [&](std::exception_ptr e) { error = e; });
  ctx.run();
  if (error) std::rethrow_exception(error);
}

http::Reply make_reply(const Request& r, const Handled& h, const Identity& id,
                       std::optional<Clock::time_point> arrived) {
  const Outcome& o = h.outcome;
  if (o.status != 200) {
    http::Reply e = http::Reply::error(o.error);
    if (o.error.code == api::code::overloaded) e.retry_after_s = 1;
    return e;
  }
  api::Stamp s{.model = id.model, .engine = id.engine, .pid = id.pid};
  const auto gil = o.gil_wait.value_or(std::chrono::nanoseconds{});
  if (o.remote) {
    s.pid = o.remote->pid;
    if (arrived) s.queue_us = micros(o.remote->sent - *arrived);
    s.service_us = o.remote->service_us;
    s.ipc_us = o.remote->ipc_us;
  } else {
    // arrived <= started always: the stamp is taken before the read that
    // returns the bytes, and a stamp from a stepped clock is dropped.
    if (arrived) s.queue_us = micros(h.started - *arrived);
    s.service_us = micros(h.done - h.started - gil);
  }
  if (o.gil_wait) s.gil_wait_us = micros(gil);
  return http::Reply::json(200, api::success_json(r.workload->name(), o.fields, s));
}

}  // namespace gilbench::models
