#include "models/loop_runner.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "http/listener.h"
#include "models/drain.h"
#include "engines/abandon.h"

namespace gilbench::models {

void run_loop(LoopRun r, const std::function<void()>& ready,
              const std::function<void()>& stopping) {
  namespace asio = boost::asio;
  int fd = ::dup(r.listen_fd);
  if (fd < 0) throw std::runtime_error("dup of the listening socket failed");
  asio::ip::tcp::acceptor acceptor(r.ioc);
  acceptor.assign(asio::ip::tcp::v4(), fd);
  const auto drain = r.options.drain_timeout;
  // Work still running at the drain deadline stops at its next poll: a
  // procs worker's loop is busy with it, and sees the deadline only there.
  engines::set_process_abandon_check(&past_drain_deadline);
  http::HttpServer server(r.ioc, std::move(acceptor), r.dispatcher, std::move(r.facts),
                          std::move(r.options), r.metrics);
  asio::signal_set signals(r.ioc, SIGTERM, SIGINT);
  // A last resort: what is still open this long after the drain deadline
  // (an async CPU request that outlived it) is cut off so the process exits.
  asio::steady_timer hard_stop(r.ioc);
  signals.async_wait([&, drain](const boost::system::error_code& ec, int) {
    if (ec) return;
    set_drain_deadline(DrainClock::now() + drain);
    server.begin_shutdown();
    if (stopping) stopping();
    hard_stop.expires_after(drain + http::HttpServer::kHardStopAfterDrain);
    hard_stop.async_wait([&](const boost::system::error_code& e) {
      if (e) return;
      server.abandon_remaining();
      r.ioc.stop();
    });
  });
  // The caller's copy of the listening socket must go when ours does, or
  // the kernel keeps completing handshakes nobody will accept.
  server.on_listener_closed([fd = r.listen_fd] { http::retire_descriptor(fd); });
  server.on_stopped([&] { hard_stop.cancel(); });
  server.set_accept_gate(r.gate);
  server.start();
  if (ready) ready();
  r.ioc.run();
  count_abandoned(server.abandoned());
}

}  // namespace gilbench::models
