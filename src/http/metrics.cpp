#include "http/metrics.h"

#include <fmt/format.h>

namespace gilbench::http {

int Metrics::status_index(int status) {
  for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i)
    if (kStatuses[i] == status) return static_cast<int>(i);
  return static_cast<int>(kStatuses.size() - 1);  // any other status
}

void Metrics::record(int route, int status, double seconds) {
  requests_[route][status_index(status)].fetch_add(1, std::memory_order_relaxed);
  if (route == kOtherRoute) return;  // the histogram is of /score latency
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  buckets_[b].fetch_add(1, std::memory_order_relaxed);
  latency_count_.fetch_add(1, std::memory_order_relaxed);
  latency_sum_us_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::render(const std::string& model, const std::string& engine) const {
  static constexpr const char* kRouteNames[kRoutes] = {"cpu", "io", "noop", "other"};
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o, "# HELP gilbench_info Server configuration.\n# TYPE gilbench_info gauge\n");
  fmt::format_to(o, "gilbench_info{{model=\"{}\",engine=\"{}\"}} 1\n", model, engine);
  fmt::format_to(o, "# HELP gilbench_requests_total Requests answered, by mode and status.\n");
  fmt::format_to(o, "# TYPE gilbench_requests_total counter\n");
  for (int r = 0; r < kRoutes; ++r)
    for (std::size_t s = 0; s < kStatuses.size(); ++s) {
      auto n = requests_[r][s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::string status = kStatuses[s] ? std::to_string(kStatuses[s]) : "other";
      fmt::format_to(o, "gilbench_requests_total{{mode=\"{}\",status=\"{}\"}} {}\n",
                     kRouteNames[r], status, n);
    }
  fmt::format_to(o, "# HELP gilbench_in_flight Requests parsed and not yet answered.\n");
  fmt::format_to(o, "# TYPE gilbench_in_flight gauge\ngilbench_in_flight {}\n",
                 in_flight_.load(std::memory_order_relaxed));
  fmt::format_to(o, "# HELP gilbench_queue_depth Requests waiting for a worker.\n");
  fmt::format_to(o, "# TYPE gilbench_queue_depth gauge\ngilbench_queue_depth {}\n",
                 queue_depth_ ? queue_depth_() : 0);
  fmt::format_to(o, "# HELP gilbench_rejected_total Requests answered 503 by backpressure.\n");
  fmt::format_to(o, "# TYPE gilbench_rejected_total counter\ngilbench_rejected_total {}\n",
                 rejected_.load(std::memory_order_relaxed));
  fmt::format_to(o, "# HELP gilbench_open_connections Open client connections.\n");
  fmt::format_to(o, "# TYPE gilbench_open_connections gauge\ngilbench_open_connections {}\n",
                 connections_.load(std::memory_order_relaxed));
  fmt::format_to(o, "# HELP gilbench_request_seconds /score latency inside the server.\n");
  fmt::format_to(o, "# TYPE gilbench_request_seconds histogram\n");
  std::uint64_t cum = 0;
  for (std::size_t b = 0; b < kBuckets.size(); ++b) {
    cum += buckets_[b].load(std::memory_order_relaxed);
    fmt::format_to(o, "gilbench_request_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[b], cum);
  }
  cum += buckets_[kBuckets.size()].load(std::memory_order_relaxed);
  fmt::format_to(o, "gilbench_request_seconds_bucket{{le=\"+Inf\"}} {}\n", cum);
  fmt::format_to(o, "gilbench_request_seconds_sum {:.6f}\n",
                 latency_sum_us_.load(std::memory_order_relaxed) / 1e6);
  fmt::format_to(o, "gilbench_request_seconds_count {}\n",
                 latency_count_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace gilbench::http
