#include "models/offload/offload_model.h"

#include <unistd.h>

#include <csignal>

#include "models/loop_dispatcher.h"
#include "models/loop_runner.h"
#include "models/offload/fork_server.h"
#include "models/offload/pool.h"

namespace gilbench::models {
namespace {

namespace asio = boost::asio;
using offload::Pool;

// cpu work goes to the pool; the rest is the loop's (LoopWaiter).
class OffloadWaiter final : public Waiter {
 public:
  OffloadWaiter(LoopWaiter& loop, Pool& pool) : loop_(loop), pool_(pool) {}
  asio::awaitable<bool> sleep(std::chrono::microseconds d, engines::Worker& w) override {
    co_return co_await loop_.sleep(d, w);
  }
  bool elsewhere(const Request& r) const override {
    return r.workload->kind() == workloads::Kind::cpu || loop_.elsewhere(r);
  }
  asio::awaitable<Outcome> work(const Request& r, engines::Worker& w, Rng& rng) override {
    if (r.workload->kind() != workloads::Kind::cpu) co_return co_await loop_.work(r, w, rng);
    if (auto refused = co_await pool_.wait_for_room()) co_return offload::to_outcome(*refused);
    co_return offload::to_outcome(co_await pool_.submit(r));
  }

 private:
  LoopWaiter& loop_;
  Pool& pool_;
};

class OffloadModel final : public Model {
 public:
  void run(const ServeConfig& cfg, int listen_fd, const ReadyFn& ready) override {
    // A pool process that dies makes our next write to its pipe fail with
    // EPIPE; the signal would kill the whole server instead.
    ::signal(SIGPIPE, SIG_IGN);
    // First, while this process has no thread and no interpreter.
    offload::ForkServer forks(cfg, listen_fd);
    auto engine = engines::make_engine(cfg.engine, {cfg.db, cfg.engine_options});
    asio::io_context ioc(1);
    http::Metrics metrics;
    Pool pool(ioc, forks.control_fd(), forks.take_initial(), static_cast<std::size_t>(cfg.queue),
              cfg.on_full == OnFull::reject, metrics);
    LoopDispatcher dispatcher(ioc, *engine,
                              {cfg.model, std::string(engine->name()), static_cast<int>(::getpid())},
                              {.blocking_wait = false, .offload_db = cfg.db_offload == DbOffloadMode::thread});
    OffloadWaiter waiter(dispatcher.loop_waiter(), pool);
    dispatcher.use_waiter(waiter);
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
