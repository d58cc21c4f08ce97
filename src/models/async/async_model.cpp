#include "models/async/async_model.h"

#include <unistd.h>

#include "models/loop_dispatcher.h"
#include "models/loop_runner.h"

namespace gilbench::models {
namespace {

class AsyncModel final : public Model {
 public:
  void run(const ServeConfig& cfg, int listen_fd, const ReadyFn& ready) override {
    auto engine = engines::make_engine(cfg.engine, {cfg.db, cfg.engine_options});
    boost::asio::io_context ioc(1);
    http::Metrics metrics;
    LoopDispatcher dispatcher(ioc, *engine,
                              {cfg.model, std::string(engine->name()), static_cast<int>(::getpid())},
                              {.blocking_wait = false, .offload_db = cfg.db_offload == DbOffloadMode::thread});
    // One loop thread runs every request; serve() set cfg.workers to the
    // registry's count for async (1), which /healthz reports.
    run_loop({ioc, listen_fd, dispatcher, {cfg.model, std::string(engine->name()), cfg.workers}, cfg.server,
              metrics},
             [&] { ready(0); });
    dispatcher.stop();
  }
};

}  // namespace

std::unique_ptr<Model> make_async_model() { return std::make_unique<AsyncModel>(); }

}  // namespace gilbench::models
