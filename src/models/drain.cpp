#include "models/drain.h"

#include <atomic>
#include <limits>

namespace gilbench::models {

namespace {
std::atomic<std::int64_t> deadline_ns{std::numeric_limits<std::int64_t>::max()};
std::atomic<std::uint64_t> abandoned{0};
}  // namespace

void set_drain_deadline(DrainClock::time_point t) {
  deadline_ns.store(t.time_since_epoch().count(), std::memory_order_relaxed);
}

bool past_drain_deadline() {
  return DrainClock::now().time_since_epoch().count() >= deadline_ns.load(std::memory_order_relaxed);
}

void count_abandoned(std::uint64_t n) { abandoned.fetch_add(n, std::memory_order_relaxed); }

std::uint64_t abandoned_requests() { return abandoned.load(std::memory_order_relaxed); }

}  // namespace gilbench::models
