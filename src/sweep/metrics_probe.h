// Reads one counter from a target's Prometheus /metrics (text format 0.0.4),
// for figures the load generator cannot see: e.g. gilbench's
// gilbench_worker_restarts_total, to mark a cell during which a worker died.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gilbench::sweep {

// The sum over label sets of the samples named `name` in `text`; nullopt if
// there is none.
std::optional<double> metric_sum(std::string_view text, std::string_view name);

// GET http://127.0.0.1:port/metrics and metric_sum of it; nullopt when the
// target does not answer 200 within `timeout` or has no such metric.
std::optional<double> scrape_metric(int port, std::string_view name, std::chrono::milliseconds timeout);

}  // namespace gilbench::sweep
