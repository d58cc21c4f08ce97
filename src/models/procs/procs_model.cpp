#include "models/procs/procs_model.h"

#include <unistd.h>

#include "http/listener.h"
#include "models/drain.h"
#include "models/loop_dispatcher.h"
#include "models/loop_runner.h"
#include "models/procs/accept_balance.h"
#include "models/procs/shared_metrics.h"
#include "models/supervisor.h"

namespace gilbench::models {
namespace {

// One worker process: its own engine, created after fork, and a loop that
// runs one request at a time with blocking waits and inline lookups.
int worker_main(const ServeConfig& cfg, int listen_fd, int ready_fd, http::AcceptGate* gate,
                SharedMetrics& shared, int slot, pid_t supervisor) {
  auto engine = engines::make_engine(cfg.engine, {cfg.db, cfg.engine_options});
  boost::asio::io_context ioc(1);
  http::Metrics metrics;
  shared.attach(metrics, slot, supervisor);
  share_drain_deadline(shared.drain_deadline());
  LoopDispatcher dispatcher(ioc, *engine,
                            {cfg.model, std::string(engine->name()), static_cast<int>(::getpid())},
                            {.blocking_wait = true, .offload_db = false});
  run_loop({ioc, listen_fd, dispatcher, {cfg.model, std::string(engine->name()), cfg.workers},
            cfg.server, metrics, gate},
           [&] {
             (void)!::write(ready_fd, "\n", 1);
             ::close(ready_fd);
           });
  return abandoned_requests() > 0 ? kExitAbandoned : 0;
}

class ProcsModel final : public Model {
 public:
  void run(const ServeConfig& cfg, int listen_fd, const ReadyFn& ready) override {
    Supervisor::block_signals();
    AcceptBalance balance(cfg.workers);
    SharedMetrics shared(cfg.workers);
    share_drain_deadline(shared.drain_deadline());
    const pid_t supervisor = ::getpid();
    // Workers drain for drain_timeout, then cut what is left within the
    // hard stop; they are killed only if even that did not end them.
    const auto kill_after = cfg.server.drain_timeout + http::HttpServer::kHardStopAfterDrain +
                            std::chrono::seconds(5);
    Supervisor sup(
        cfg.workers,
        [&](int slot, int ready_fd) {
          return worker_main(cfg, listen_fd, ready_fd, balance.gate_for(slot), shared, slot,
                             supervisor);
        },
        kill_after);
    try {
      sup.start();
    } catch (...) {
      Supervisor::unblock_signals();
      throw;
    }
    ready(0);
    sup.supervise([&] { shared.count_restart(); },
                  [&] {
                    set_drain_deadline(DrainClock::now() + cfg.server.drain_timeout);
                    // No new handshakes on the shared socket from now on; the
                    // workers accept what is queued and close their copies.
                    http::freeze_listener(listen_fd);
                    http::retire_descriptor(listen_fd);
                  });
    Supervisor::unblock_signals();
    if (sup.abandoning_workers() > 0) count_abandoned(static_cast<std::uint64_t>(sup.abandoning_workers()));
  }
};

}  // namespace

std::unique_ptr<Model> make_procs_model() { return std::make_unique<ProcsModel>(); }

}  // namespace gilbench::models
