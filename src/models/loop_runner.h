// The part every model shares: one event loop running the HTTP server over
// the listening socket until SIGTERM/SIGINT, then a graceful drain.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>

#include "http/metrics.h"
#include "http/server.h"

namespace gilbench::models {

struct LoopRun {
  boost::asio::io_context& ioc;
  int listen_fd;  // duplicated; the caller keeps its own descriptor
  http::Dispatcher& dispatcher;
  http::ServerFacts facts;
  http::ServerOptions options;
  http::Metrics& metrics;
  http::AcceptGate* gate = nullptr;  // procs: share connections with sibling workers
};

// Runs the loop on the calling thread. `ready` runs once the server accepts;
// `stopping` runs on the loop thread when the shutdown signal arrives.
// Returns when the last connection is closed.
void run_loop(LoopRun r, const std::function<void()>& ready,
              const std::function<void()>& stopping = {});

}  // namespace gilbench::models
