// The two pool runners behind run_pool (pool.h): threads over the server's
// BoundedQueue, and forked processes over a pipe bounded by a semaphore.
#pragma once

#include <chrono>
#include <cstdint>
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

// Runs tasks on one worker thread or process, through the request handler:
// the same wait and work a /score request gets. One per worker.
class TaskRunner {
 public:
  TaskRunner(const workloads::Request& task, std::uint64_t seed) : task_(task), rng_(seed) {}
  // "" when the task was answered 200, else why not.
  std::string run(engines::Worker& w);

 private:
  const workloads::Request& task_;
  boost::asio::io_context ctx_{1};
  models::BlockingWaiter waiter_;
  workloads::Rng rng_;
};

// The one request every task of `c` runs (its mode and values).
workloads::Request make_task(const PoolConfig& c);

inline std::int64_t micros(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

}  // namespace gilbench::pool
