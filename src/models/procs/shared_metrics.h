// The procs state every worker must see: the drain deadline, one MetricCounters block per
// worker slot and the count of worker restarts, in shared memory mapped
// before fork (as the accept gate's), so /metrics answered by any worker
// sums the whole server, and a replacement worker keeps its slot's totals.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <span>

#include "http/metrics.h"

namespace gilbench::models {

class SharedMetrics {
 public:
  explicit SharedMetrics(int workers);
  ~SharedMetrics();
  SharedMetrics(const SharedMetrics&) = delete;
  SharedMetrics& operator=(const SharedMetrics&) = delete;

  // Points `m` at worker `slot`'s block (gauges reset: a new process) and
  // at the restart count; the tree is the supervisor's.
  void attach(http::Metrics& m, int slot, pid_t supervisor);
  void count_restart() { region_->restarts.fetch_add(1, std::memory_order_relaxed); }
  // The drain deadline every worker reads (models/drain.h).
  std::atomic<std::int64_t>* drain_deadline() { return &region_->drain_deadline_ns; }

 private:
  struct Region {
    std::atomic<std::uint64_t> restarts{0};
    std::atomic<std::int64_t> drain_deadline_ns{std::numeric_limits<std::int64_t>::max()};
  };
  std::size_t bytes() const;
  Region* region_ = nullptr;
  http::MetricCounters* workers_ = nullptr;
  int count_ = 0;
};

}  // namespace gilbench::models
