// Runs /score requests on the loop thread itself: async (timer waits, DB on
// an offload thread or inline) and each procs worker (blocking waits,
// inline DB) use it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <random>

#include "engines/engine.h"
#include "http/server.h"
#include "models/async/db_offload.h"
#include "models/handler.h"

namespace gilbench::models {

// How the loop runs io: `blocking_wait` makes a wait block the loop (procs:
// one request at a time, like a gunicorn sync worker) instead of being a
// timer (async); `offload_db` sends lookups to a DbOffload thread.
struct LoopExecution {
  bool blocking_wait = false;
  bool offload_db = false;
};

class LoopDispatcher final : public http::Dispatcher {
 public:
  LoopDispatcher(boost::asio::io_context& ioc, engines::Engine& engine, Identity id,
                 LoopExecution how);
  ~LoopDispatcher() override;
  boost::asio::awaitable<http::Reply> dispatch(api::Request req, http::Arrival arrived) override;
  void stop();

 private:
  boost::asio::awaitable<api::Outcome> run_io(const api::IoRequest& r);

  boost::asio::io_context& ioc_;
  std::unique_ptr<engines::Worker> worker_;  // the loop thread's own
  std::unique_ptr<DbOffload> offload_;
  Identity id_;
  LoopExecution how_;
  std::mt19937_64 rng_;
};

}  // namespace gilbench::models
