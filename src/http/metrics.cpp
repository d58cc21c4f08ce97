#include "http/metrics.h"

#include <unistd.h>

#include <fmt/format.h>

#include "http/process_metrics.h"

namespace gilbench::http {

namespace {

template <class F>
auto sum(std::span<MetricCounters> all, F field) {
  decltype(field(all[0]).load()) total{};
  for (auto& c : all) total += field(c).load(std::memory_order_relaxed);
  return total;
}

void counter(std::string& out, const char* name, const char* help, const char* type,
             long long value) {
  fmt::format_to(std::back_inserter(out), "# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help,
                 type, value);
}

}  // namespace

Metrics::Metrics() : tree_root_(::getpid()) {}

void Metrics::share(Counters* mine, std::span<Counters> all) {
  c_ = mine;
  all_ = all;
}

int Metrics::status_index(int status) {
  for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i)
    if (kStatuses[i] == status) return static_cast<int>(i);
  return static_cast<int>(kStatuses.size() - 1);  // any other status
}

void Metrics::record(int route, int status, double seconds) {
  // A route that names no registered workload counts as "other": it can
  // neither write past the slots nor be rendered under another's name.
  static const int known = static_cast<int>(workloads::all().size());
  if (route < 0 || route >= known) route = kOtherRoute;
  c_->requests[route][status_index(status)].fetch_add(1, std::memory_order_relaxed);
  if (route == kOtherRoute) return;  // the histogram is of /score latency
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  c_->buckets[b].fetch_add(1, std::memory_order_relaxed);
  c_->latency_count.fetch_add(1, std::memory_order_relaxed);
  c_->latency_sum_us.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::render(const std::string& model, const std::string& engine) const {
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o, "# HELP gilbench_info Server configuration.\n# TYPE gilbench_info gauge\n");
  fmt::format_to(o, "gilbench_info{{model=\"{}\",engine=\"{}\"}} 1\n", model, engine);
  fmt::format_to(o, "# HELP gilbench_requests_total Requests answered, by mode and status.\n");
  fmt::format_to(o, "# TYPE gilbench_requests_total counter\n");
  for (int r = 0; r < kRoutes; ++r)
    for (std::size_t s = 0; s < kStatuses.size(); ++s) {
      auto n = sum(all_, [&](Counters& c) -> auto& { return c.requests[r][s]; });
      if (n == 0) continue;
      std::string status = kStatuses[s] ? std::to_string(kStatuses[s]) : "other";
      fmt::format_to(o, "gilbench_requests_total{{mode=\"{}\",status=\"{}\"}} {}\n",
                     r == kOtherRoute ? std::string_view("other")
                                      : workloads::all()[static_cast<std::size_t>(r)]->name(),
                     status, n);
    }
  counter(out, "gilbench_in_flight", "Requests parsed and not yet answered.", "gauge",
          sum(all_, [](Counters& c) -> auto& { return c.in_flight; }));
  counter(out, "gilbench_queue_depth", "Requests waiting for a worker.", "gauge",
          queue_depth_ ? queue_depth_() : 0);
  counter(out, "gilbench_rejected_total", "Requests answered 503 by backpressure.", "counter",
          static_cast<long long>(sum(all_, [](Counters& c) -> auto& { return c.rejected; })));
  counter(out, "gilbench_open_connections", "Open client connections.", "gauge",
          sum(all_, [](Counters& c) -> auto& { return c.connections; }));
  counter(out, "gilbench_client_gone_total",
          "Requests whose client closed the connection before the answer.", "counter",
          static_cast<long long>(sum(all_, [](Counters& c) -> auto& { return c.client_gone; })));
  counter(out, "gilbench_skipped_total",
          "Queued requests not run because their client had closed the connection.", "counter",
          static_cast<long long>(sum(all_, [](Counters& c) -> auto& { return c.skipped; })));
  counter(out, "gilbench_write_timeouts_total",
          "Connections closed because an answer could not be written within --write-timeout.",
          "counter",
          static_cast<long long>(sum(all_, [](Counters& c) -> auto& { return c.write_timeouts; })));
  counter(out, "gilbench_worker_restarts_total", "Worker processes replaced after dying (procs; offload: pool processes).",
          "counter", restarts_ ? static_cast<long long>(restarts_()) : 0);
  fmt::format_to(o, "# HELP gilbench_request_seconds /score latency inside the server.\n");
  fmt::format_to(o, "# TYPE gilbench_request_seconds histogram\n");
  std::uint64_t cum = 0;
  for (std::size_t b = 0; b < kBuckets.size(); ++b) {
    cum += sum(all_, [&](Counters& c) -> auto& { return c.buckets[b]; });
    fmt::format_to(o, "gilbench_request_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[b], cum);
  }
  cum += sum(all_, [&](Counters& c) -> auto& { return c.buckets[kBuckets.size()]; });
  fmt::format_to(o, "gilbench_request_seconds_bucket{{le=\"+Inf\"}} {}\n", cum);
  fmt::format_to(o, "gilbench_request_seconds_sum {:.6f}\n",
                 sum(all_, [](Counters& c) -> auto& { return c.latency_sum_us; }) / 1e6);
  fmt::format_to(o, "gilbench_request_seconds_count {}\n",
                 sum(all_, [](Counters& c) -> auto& { return c.latency_count; }));
  append_process_metrics(out, tree_root_);
  return out;
}

}  // namespace gilbench::http
