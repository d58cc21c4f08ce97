// The two pool runners behind run_pool (pool.h): threads over the server's
// BoundedQueue, and forked processes over a pipe bounded by a semaphore.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "pool/pool.h"

namespace gilbench::pool {

// Filled by a runner; index = task id. -1 in service_us: not completed.
struct Samples {
  std::vector<std::int64_t> queue_us, service_us, enqueue_us;
  double wall_s = 0;
};

// Both return "" on success or why the run failed.
std::string run_threads(const PoolConfig& c, Samples& s);
std::string run_procs(const PoolConfig& c, Samples& s);

// One task of the workload on `w` (the same work a /score request does).
void run_task(const PoolConfig& c, engines::Worker& w, std::mt19937_64& rng);

inline std::int64_t micros(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

}  // namespace gilbench::pool
