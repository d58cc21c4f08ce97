#include "models/async/async_model.h"

#include <unistd.h>

#include "models/async/loop_dispatcher.h"
#include "models/loop_runner.h"

namespace gilbench::models {
namespace {

class AsyncModel final : public Model {
 public:
  void run(const ServeConfig& cfg, int listen_fd, const ReadyFn& ready) override {
    auto engine = engines::make_engine(cfg.engine, {cfg.db, cfg.switch_interval_ms});
    boost::asio::io_context ioc(1);
    http::Metrics metrics;
    LoopDispatcher dispatcher(ioc, *engine,
                              {cfg.model, std::string(engine->name()), static_cast<int>(::getpid())},
                              {.blocking_wait = false, .offload_db = cfg.db_offload == "thread"});
    // One loop thread runs every request, whatever --workers says.
    run_loop({ioc, listen_fd, dispatcher, {cfg.model, std::string(engine->name()), 1}, cfg.server,
              metrics},
             [&] { ready(0); });
    dispatcher.stop();
  }
};

}  // namespace

std::unique_ptr<Model> make_async_model() { return std::make_unique<AsyncModel>(); }

}  // namespace gilbench::models
