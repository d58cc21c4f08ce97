// Routing of one parsed HTTP request: /score, /healthz, /metrics, and the
// 404/405 answers. Pure: the caller passes the server facts it needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/limits.h"
#include "workloads/request.h"
#include "http/metrics.h"
#include "http/reply.h"

namespace gilbench::http {

struct ServerFacts {
  std::string model;
  std::string engine;
  int workers = 0;
};

// A route either answers at once (errors, healthz, metrics) or hands a valid
// /score request to the model.
struct Routed {
  std::optional<Reply> reply;
  std::optional<workloads::Request> request;
  int metrics_route = Metrics::kOtherRoute;  // Metrics::route_of the workload, when known
};

Routed route(std::string_view method, std::string_view target, std::string_view body,
             const api::Limits& limits, const ServerFacts& facts, const Metrics& metrics);

}  // namespace gilbench::http
