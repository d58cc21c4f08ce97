// A concurrency model: how the server runs requests concurrently. Each is
// chosen by name; all share the HTTP layer (http/server.h) and the request
// handler (models/handler.h).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "engines/engine.h"
#include "http/server.h"
#include "models/options.h"

namespace gilbench::models {

struct ServeConfig {
  std::string model = "threads";
  std::string engine = "native";
  int workers = 4;
  // Model options (models/options.h; which model reads which: registry.h).
  int queue = 64;
  OnFull on_full = OnFull::block;
  DbOffloadMode db_offload = DbOffloadMode::thread;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string db;
  engines::EngineOptions engine_options;  // engines/options.h
  http::ServerOptions server;
};

// Called once the server answers requests, with the port it is bound to.
using ReadyFn = std::function<void(int port)>;

class Model {
 public:
  virtual ~Model() = default;
  // Serves on the listening socket `listen_fd` (already bound) until SIGTERM
  // or SIGINT, then answers every request already received and returns.
  // Throws std::runtime_error if it cannot start.
  virtual void run(const ServeConfig& cfg, int listen_fd, const ReadyFn& ready) = 0;
};

// Throws std::invalid_argument for an unknown name. Both read the registry
// (models/registry.h).
std::unique_ptr<Model> make_model(std::string_view name);
std::string_view model_names();  // "threads, async, procs, offload"

// The worker count /healthz reports and the startup line prints: the
// model's (registry.h), e.g. async's one loop whatever --workers says.
int effective_workers(const ServeConfig& cfg);

// Checks a config for values no model can run with; returns the problem or "".
std::string validate(const ServeConfig& cfg);

// Binds and listens; returns the descriptor and stores the bound port.
// Throws std::runtime_error naming the address on failure.
int bind_listener(const std::string& host, int port, int& bound_port);

// Serves until SIGTERM/SIGINT: binds, then runs the configured model with
// `workers` set to effective_workers(cfg).
void serve(const ServeConfig& cfg, const ReadyFn& ready);

}  // namespace gilbench::models
