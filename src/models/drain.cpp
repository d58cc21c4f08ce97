#include "models/drain.h"

#include <atomic>
#include <limits>

namespace gilbench::models {

namespace {
std::atomic<std::int64_t> local_deadline_ns{std::numeric_limits<std::int64_t>::max()};
std::atomic<std::atomic<std::int64_t>*> deadline_ns{&local_deadline_ns};
std::atomic<std::uint64_t> abandoned{0};
}  // namespace

void set_drain_deadline(DrainClock::time_point t) {
  auto* d = deadline_ns.load(std::memory_order_relaxed);
  // Never later than a deadline already set (the supervisor's).
  std::int64_t want = t.time_since_epoch().count();
  std::int64_t cur = d->load(std::memory_order_relaxed);
  while (want < cur && !d->compare_exchange_weak(cur, want, std::memory_order_relaxed)) {
  }
}

bool past_drain_deadline() {
  return DrainClock::now().time_since_epoch().count() >=
         deadline_ns.load(std::memory_order_relaxed)->load(std::memory_order_relaxed);
}

void share_drain_deadline(std::atomic<std::int64_t>* shared) {
  deadline_ns.store(shared, std::memory_order_relaxed);
}

void count_abandoned(std::uint64_t n) { abandoned.fetch_add(n, std::memory_order_relaxed); }

std::uint64_t abandoned_requests() { return abandoned.load(std::memory_order_relaxed); }

}  // namespace gilbench::models
