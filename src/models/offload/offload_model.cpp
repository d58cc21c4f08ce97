#include "models/offload/offload_model.h"

#include <unistd.h>

#include <csignal>

#include "models/async/loop_dispatcher.h"
#include "models/loop_runner.h"
#include "models/offload/fork_server.h"
#include "models/offload/pool.h"

namespace gilbench::models {
namespace {

namespace asio = boost::asio;
using offload::Pool;
using offload::PoolResult;

http::Reply reply_for(const api::CpuRequest& req, const PoolResult& r, const Identity& id,
                      http::Arrival arrived) {
  if (r.status != 200) {
    http::Reply e = http::Reply::error({r.status, r.code, r.text});
    if (r.code == api::code::overloaded) e.retry_after_s = 1;
    return e;
  }
  api::Outcome o;
  o.digest = r.text;
  o.iters = req.iters;
  api::Stamp s{.model = id.model, .engine = id.engine, .pid = r.pid};
  // queue_us ends where the hand-off starts: the hand-off is ipc_us.
  if (arrived)
    s.queue_us = std::chrono::duration_cast<std::chrono::microseconds>(r.sent - *arrived).count();
  s.service_us = r.service_us;
  s.ipc_us = r.ipc_us;
  s.gil_wait_us = r.gil_wait_us;
  return http::Reply::json(200, api::success_json("cpu", o, s));
}

// cpu to the pool; everything else to the async model's loop dispatcher.
class OffloadDispatcher final : public http::Dispatcher {
 public:
  OffloadDispatcher(asio::io_context& ioc, engines::Engine& engine, Pool& pool, Identity id,
                    bool offload_db)
      : loop_(ioc, engine, id, {.blocking_wait = false, .offload_db = offload_db}),
        pool_(pool),
        id_(std::move(id)) {}

  asio::awaitable<http::Reply> dispatch(api::Request req, http::Arrival arrived) override {
    if (auto* c = std::get_if<api::CpuRequest>(&req)) {
      if (auto refused = co_await pool_.wait_for_room()) co_return reply_for(*c, *refused, id_, arrived);
      PoolResult r = co_await pool_.submit(*c);
      co_return reply_for(*c, r, id_, arrived);
    }
    co_return co_await loop_.dispatch(std::move(req), arrived);
  }

  void stop() { loop_.stop(); }

 private:
  LoopDispatcher loop_;
  Pool& pool_;
  Identity id_;
};

class OffloadModel final : public Model {
 public:
  void run(const ServeConfig& cfg, int listen_fd, const ReadyFn& ready) override {
    // A pool process that dies makes our next write to its pipe fail with
    // EPIPE; the signal would kill the whole server instead.
    ::signal(SIGPIPE, SIG_IGN);
    // First, while this process has no thread and no interpreter.
    offload::ForkServer forks(cfg, listen_fd);
    auto engine = engines::make_engine(cfg.engine, {cfg.db, cfg.switch_interval_ms});
    asio::io_context ioc(1);
    http::Metrics metrics;
    Pool pool(ioc, forks.control_fd(), forks.take_initial(), static_cast<std::size_t>(cfg.queue),
              cfg.on_full == OnFull::reject, metrics);
    OffloadDispatcher dispatcher(ioc, *engine, pool,
                                 {cfg.model, std::string(engine->name()), static_cast<int>(::getpid())},
                                 cfg.db_offload == DbOffloadMode::thread);
    metrics.set_queue_depth_source([&] { return static_cast<std::int64_t>(pool.depth()); });
    metrics.set_restarts_source([&] { return pool.restarts(); });
    run_loop({ioc, listen_fd, dispatcher, {cfg.model, std::string(engine->name()), cfg.workers},
              cfg.server, metrics},
             [&] { ready(0); },
             [&] {
               pool.stopping();
               forks.begin_stop();
             });
    dispatcher.stop();
    pool.close();  // pool processes exit at EOF...
    forks.stop();  // ...and the fork server once it has reaped them
  }
};

}  // namespace

std::unique_ptr<Model> make_offload_model() { return std::make_unique<OffloadModel>(); }

}  // namespace gilbench::models
