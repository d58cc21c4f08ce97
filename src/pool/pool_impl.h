// The two pool runners behind run_pool (pool.h): threads over the server's
// BoundedQueue, and forked processes over a pipe bounded by a semaphore.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "models/handler.h"
#include "pool/pool.h"

namespace gilbench::pool {

// Filled by a runner; index = task id. -1 in service_us: not completed.
struct Samples {
  std::vector<std::int64_t> queue_us, service_us, enqueue_us;
  double wall_s = 0;
};

// Both return "" on success or why the run failed.
std::string run_threads(const PoolConfig& c, const workloads::Request& task, Samples& s);
std::string run_procs(const PoolConfig& c, const workloads::Request& task, Samples& s);

// Runs one worker's tasks through the request handler: the same wait and
// work a /score request gets. Task ids come from next() (blocking; nullopt:
// no more); each answered 200 is reported to done(id, started, finished),
// the first failure's reason is kept in `error`. Without a worker (its
// engine did not start) the ids are drained unrun.
using TimePoint = std::chrono::steady_clock::time_point;
void serve_tasks(const workloads::Request& task, engines::Worker* w, std::uint64_t seed,
                 const std::function<std::optional<std::int64_t>()>& next,
                 const std::function<void(std::int64_t, TimePoint, TimePoint)>& done,
                 std::string& error);

// The one request every task of `c` runs (its mode and values).
workloads::Request make_task(const PoolConfig& c);

inline std::int64_t micros(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

}  // namespace gilbench::pool
