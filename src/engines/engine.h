// What executes a workload: `native` (C++) or `python` (an embedded CPython,
// with its real GIL or, on a free-threaded build, without it). An Engine is per process; a Worker is per worker thread (or
// per worker process) and is created and used on that one thread only, so it
// may own thread-bound state (a SQLite connection, a Python thread state).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gilbench::engines {

// python on a free-threaded interpreter: the GIL as its configuration sets
// it (default_: the build's own default, i.e. off; env PYTHON_GIL is ignored).
enum class GilMode { default_, on, off };

// The settings an engine reads; engines/options.h is their one table
// (serve flags, experiment keys, results.csv columns, series labels).
struct EngineOptions {
  double switch_interval_ms = 0.0;  // python: sys.setswitchinterval; 0 keeps CPython's 5 ms
  std::string python;               // python: the interpreter's executable; "" = the default
  GilMode gil = GilMode::default_;  // python: free-threaded interpreters only
  bool operator==(const EngineOptions&) const = default;
};

struct EngineConfig {
  std::string db_path;
  EngineOptions options = {};
};

// One argument of a workload function: an integer, a float, or bytes.
using Arg = std::variant<std::int64_t, double, std::string_view>;

// A workload's function, as each engine runs it: the python engine calls
// `python` (a function of gilbench_workloads.py) with `args` (strings as
// bytes) and takes its str or bytes result; the native engine calls
// `native`, the same function in C++. Both must give the same text.
struct Call {
  std::string_view python;
  std::span<const Arg> args;
  std::function<std::string()> native;
};

// The primitives workloads call; nothing here knows a workload.
class Worker {
 public:
  virtual ~Worker() = default;
  virtual std::string call(const Call& c) = 0;
  // The store's value for `key` (python: gilbench_workloads.lookup).
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
  // What the engine runs on, as name/value pairs for env.json and
  // results.csv (python: version, free-threaded build, GIL enabled now).
  virtual std::vector<std::pair<std::string, std::string>> facts() const { return {}; }
};

// Throws std::invalid_argument for an unknown name and std::runtime_error if
// the engine cannot start (e.g. the store is missing). In `procs`, call it in
// each child after fork: engines may own per-process state. The engines are
// listed in engines/registry.h.
std::unique_ptr<Engine> make_engine(std::string_view name, const EngineConfig& cfg);

// The facts() of this process's live engines made by make_engine (queried
// now: whether the GIL is enabled can change while a server runs), for
// /healthz. Empty when none is live or none has facts.
std::vector<std::pair<std::string, std::string>> live_engine_facts();

}  // namespace gilbench::engines
