#include "models/loop_runner.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

namespace gilbench::models {

void run_loop(LoopRun r, const std::function<void()>& ready,
              const std::function<void()>& stopping) {
  namespace asio = boost::asio;
  int fd = ::dup(r.listen_fd);
  if (fd < 0) throw std::runtime_error("dup of the listening socket failed");
  asio::ip::tcp::acceptor acceptor(r.ioc);
  acceptor.assign(asio::ip::tcp::v4(), fd);
  http::HttpServer server(r.ioc, std::move(acceptor), r.dispatcher, std::move(r.facts),
                          std::move(r.options), r.metrics);
  asio::signal_set signals(r.ioc, SIGTERM, SIGINT);
  // A last resort: a drain that has not finished after this long (a client
  // that stopped reading our answer) is cut off so the process exits.
  asio::steady_timer hard_stop(r.ioc);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    server.begin_shutdown();
    if (stopping) stopping();
    hard_stop.expires_after(std::chrono::seconds(20));
    hard_stop.async_wait([&](const boost::system::error_code& e) {
      if (!e) r.ioc.stop();
    });
  });
  server.on_stopped([&] { hard_stop.cancel(); });
  server.set_accept_gate(r.gate);
  server.start();
  if (ready) ready();
  r.ioc.run();
}

}  // namespace gilbench::models
