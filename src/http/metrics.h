// Counters for /metrics (Prometheus text format). Updated from the I/O
// thread and worker threads, hence atomics; relaxed order suffices because
// readers only need eventually consistent totals.
//
// The counters are plain lock-free atomics in a MetricCounters block so a
// block can live in shared memory: in procs each worker writes its own
// block and /metrics, answered by any worker, sums all of them
// (models/procs/shared_state.h). Process metrics (CPU, RSS, descriptors,
// start time) cover the server's whole process tree.
#pragma once

#include <sys/types.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "workloads/registry.h"

namespace gilbench::http {

struct MetricCounters {
  // One slot per workload (by registry index) and the last for other paths.
  static constexpr int kRoutes = static_cast<int>(workloads::kMaxWorkloads) + 1;
  // The last entry (0) counts any other status.
  static constexpr std::array<int, 13> kStatuses = {200, 400, 404, 405, 408, 413, 414,
                                                    431, 500, 501, 503, 505, 0};
  static constexpr std::size_t kBuckets = 12;
  std::array<std::array<std::atomic<std::uint64_t>, kStatuses.size()>, kRoutes> requests{};
  std::array<std::atomic<std::uint64_t>, kBuckets + 1> buckets{};
  std::atomic<std::uint64_t> latency_count{0};
  std::atomic<std::uint64_t> latency_sum_us{0};
  std::atomic<std::int64_t> in_flight{0};
  std::atomic<std::uint64_t> rejected{0};
  std::atomic<std::int64_t> connections{0};
  std::atomic<std::uint64_t> skipped{0};
  std::atomic<std::uint64_t> client_gone{0};
  std::atomic<std::uint64_t> write_timeouts{0};
  // Gauges describe a live process: a replacement worker starts from zero.
  void reset_gauges() {
    in_flight.store(0);
    connections.store(0);
  }
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
              "counters shared between processes must be lock-free");

class Metrics {
 public:
  using Counters = MetricCounters;
  static constexpr int kRoutes = Counters::kRoutes;
  static constexpr auto kStatuses = Counters::kStatuses;
  static constexpr std::array<double, Counters::kBuckets> kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0};

  // Counts into its own block; a procs worker points it at shared memory.
  Metrics();
  // `mine`: the block this process writes; `all`: every block /metrics sums.
  void share(Counters* mine, std::span<Counters> all);
  // The root of the process tree the process metrics cover (default: this
  // process); `restarts`: workers replaced so far (procs).
  void set_tree_root(pid_t root) { tree_root_ = root; }
  void set_restarts_source(std::function<std::uint64_t()> f) { restarts_ = std::move(f); }

  void record(int route, int status, double seconds);
  void add_in_flight(int delta) { c_->in_flight.fetch_add(delta, std::memory_order_relaxed); }
  void add_rejected() { c_->rejected.fetch_add(1, std::memory_order_relaxed); }
  void add_connection(int delta) { c_->connections.fetch_add(delta, std::memory_order_relaxed); }
  void add_skipped() { c_->skipped.fetch_add(1, std::memory_order_relaxed); }
  void add_client_gone() { c_->client_gone.fetch_add(1, std::memory_order_relaxed); }
  void add_write_timeout() { c_->write_timeouts.fetch_add(1, std::memory_order_relaxed); }
  // The model reports its queue depth through this (0 where it has no queue).
  void set_queue_depth_source(std::function<std::int64_t()> f) { queue_depth_ = std::move(f); }

  std::string render(const std::string& model, const std::string& engine) const;

  static int route_of(const workloads::Workload& w) { return static_cast<int>(workloads::index_of(w)); }
  static constexpr int kOtherRoute = kRoutes - 1;

 private:
  static int status_index(int status);
  Counters own_;
  Counters* c_ = &own_;
  std::span<Counters> all_{&own_, 1};
  pid_t tree_root_ = 0;
  std::function<std::int64_t()> queue_depth_;
  std::function<std::uint64_t()> restarts_;
};

}  // namespace gilbench::http
