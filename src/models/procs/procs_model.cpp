#include "models/procs/procs_model.h"

#include <unistd.h>

#include "models/async/loop_dispatcher.h"
#include "models/loop_runner.h"
#include "models/procs/accept_balance.h"
#include "models/procs/supervisor.h"

namespace gilbench::models {
namespace {

// One worker process: its own engine, created after fork, and a loop that
// runs one request at a time with blocking waits and inline lookups.
int worker_main(const ServeConfig& cfg, int listen_fd, int ready_fd, http::AcceptGate* gate) {
  auto engine = engines::make_engine(cfg.engine, {cfg.db, cfg.switch_interval_ms});
  boost::asio::io_context ioc(1);
  http::Metrics metrics;
  LoopDispatcher dispatcher(ioc, *engine,
                            {cfg.model, std::string(engine->name()), static_cast<int>(::getpid())},
                            {.blocking_wait = true, .offload_db = false});
  run_loop({ioc, listen_fd, dispatcher, {cfg.model, std::string(engine->name()), cfg.workers},
            cfg.server, metrics, gate},
           [&] {
             (void)!::write(ready_fd, "\n", 1);
             ::close(ready_fd);
           });
  return 0;
}

class ProcsModel final : public Model {
 public:
  void run(const ServeConfig& cfg, int listen_fd, const ReadyFn& ready) override {
    Supervisor::block_signals();
    AcceptBalance balance(cfg.workers);
    Supervisor sup(cfg.workers, [&](int slot, int ready_fd) {
      return worker_main(cfg, listen_fd, ready_fd, balance.gate_for(slot));
    });
    try {
      sup.start();
    } catch (...) {
      Supervisor::unblock_signals();
      throw;
    }
    ready(0);
    sup.supervise();
    Supervisor::unblock_signals();
  }
};

}  // namespace

std::unique_ptr<Model> make_procs_model() { return std::make_unique<ProcsModel>(); }

}  // namespace gilbench::models
