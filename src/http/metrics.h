// Per-process counters for /metrics (Prometheus text format). Updated from
// the I/O thread and worker threads, hence atomics; relaxed order suffices
// because readers only need eventually consistent totals.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "api/request.h"

namespace gilbench::http {

class Metrics {
 public:
  // Route labels: the three modes, then "other" for everything not /score.
  static constexpr int kRoutes = 4;
  static constexpr std::array<int, 10> kStatuses = {200, 400, 404, 405, 408, 413, 431, 500, 503, 0};
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                      0.005,  0.01,    0.025,  0.05,  0.1,
                                                      0.5,    1.0};

  void record(int route, int status, double seconds);
  void add_in_flight(int delta) { in_flight_.fetch_add(delta, std::memory_order_relaxed); }
  void add_rejected() { rejected_.fetch_add(1, std::memory_order_relaxed); }
  void add_connection(int delta) { connections_.fetch_add(delta, std::memory_order_relaxed); }
  // The model reports its queue depth through this (0 where it has no queue).
  void set_queue_depth_source(std::function<std::int64_t()> f) { queue_depth_ = std::move(f); }

  std::string render(const std::string& model, const std::string& engine) const;

  static int route_of(api::Mode m) { return static_cast<int>(m); }
  static constexpr int kOtherRoute = 3;

 private:
  static int status_index(int status);
  std::array<std::array<std::atomic<std::uint64_t>, kStatuses.size()>, kRoutes> requests_{};
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets_{};
  std::atomic<std::uint64_t> latency_count_{0};
  std::atomic<std::uint64_t> latency_sum_us_{0};
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::atomic<std::int64_t> connections_{0};
  std::function<std::int64_t()> queue_depth_;
};

}  // namespace gilbench::http
