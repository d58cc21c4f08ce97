// Runs /score requests on the loop thread itself: async (timer waits, DB on
// an offload thread or inline), each procs worker (blocking waits, inline
// DB) and offload (which sends cpu work to its pool) use it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "engines/engine.h"
#include "http/server.h"
#include "models/db_offload.h"
#include "models/handler.h"

namespace gilbench::models {

// How the loop runs io: `blocking_wait` makes a wait block the loop (procs:
// one request at a time, like a gunicorn sync worker) instead of being a
// timer (async); `offload_db` sends io work to a DbOffload thread.
struct LoopExecution {
  bool blocking_wait = false;
  bool offload_db = false;
};

// The loop's Waiter: waits are timers (or block, for procs); io work goes
// to the database thread when there is one, the rest runs on the loop
// (cpu inline on purpose: it blocks the loop, as in asyncio).
class LoopWaiter : public Waiter {
 public:
  LoopWaiter(boost::asio::io_context& ioc, engines::Engine& engine, LoopExecution how);
  boost::asio::awaitable<bool> sleep(std::chrono::microseconds d, engines::Worker& w) override;
  bool elsewhere(const Request& r) const override;
  boost::asio::awaitable<Outcome> work(const Request& r, engines::Worker& w, Rng& rng) override;
  void stop();

 private:
  boost::asio::io_context& ioc_;
  LoopExecution how_;
  BlockingWaiter blocking_;
  std::unique_ptr<DbOffload> offload_;
};

class LoopDispatcher final : public http::Dispatcher {
 public:
  LoopDispatcher(boost::asio::io_context& ioc, engines::Engine& engine, Identity id,
                 LoopExecution how);
  ~LoopDispatcher() override;
  boost::asio::awaitable<http::Reply> dispatch(Request req, http::Arrival arrived) override;
  // The loop's own waiter, for a model that wraps it (offload).
  LoopWaiter& loop_waiter() { return loop_waiter_; }
  // Requests wait through `w` from now on (it outlives this dispatcher).
  void use_waiter(Waiter& w) { waiter_ = &w; }
  void stop();

 private:
  std::unique_ptr<engines::Worker> worker_;  // the loop thread's own
  LoopWaiter loop_waiter_;
  Waiter* waiter_ = &loop_waiter_;
  Identity id_;
  Rng rng_;
};

}  // namespace gilbench::models
