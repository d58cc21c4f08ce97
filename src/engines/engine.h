// What executes a workload: `native` (C++) or `python` (embedded CPython with
// its real GIL). An Engine is per process; a Worker is per worker thread (or
// per worker process) and is created and used on that one thread only, so it
// may own thread-bound state (a SQLite connection, a Python thread state).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gilbench::engines {

struct EngineConfig {
  std::string db_path;
  double switch_interval_ms = 0.0;  // python: sys.setswitchinterval; 0 keeps CPython's 5 ms
};

class Worker {
 public:
  virtual ~Worker() = default;
  // Hex of the SHA-256 chain (DESIGN.md, API contract).
  virtual std::string cpu(std::string_view seed, std::int64_t iters) = 0;
  virtual std::optional<std::string> lookup(std::string_view key) = 0;
  // A wait that blocks this worker like time.sleep (threads, procs).
  virtual void block_wait(std::chrono::microseconds d) = 0;
  virtual std::int64_t key_count() const = 0;
  // Time this worker waited to take the GIL on entering its calls since the
  // last take (waits inside Python, e.g. after a switch-interval drop, are
  // not seen); resets it. nullopt: the engine has no GIL.
  virtual std::optional<std::chrono::nanoseconds> take_gil_wait() { return std::nullopt; }
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string_view name() const = 0;
  // Called on the thread that will use the worker, for that thread's life.
  virtual std::unique_ptr<Worker> make_worker() = 0;
};

// Throws std::invalid_argument for an unknown name and std::runtime_error if
// the engine cannot start (e.g. the store is missing). In `procs`, call it in
// each child after fork: engines may own per-process state.
std::unique_ptr<Engine> make_engine(std::string_view name, const EngineConfig& cfg);

// Names accepted by make_engine, for --help.
std::string_view engine_names();

}  // namespace gilbench::engines
