// A parsed /score request: which workload and its validated fields.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/error.h"
#include "api/limits.h"
#include "workloads/workload.h"

namespace gilbench::workloads {

struct Request {
  const Workload* workload = nullptr;
  std::shared_ptr<const Params> params;
  // The body as received: a model that runs the work in another process
  // (offload) sends it there to be parsed again.
  std::string body;
};

// Either a valid request or the error to answer with; never both.
struct ParseResult {
  std::optional<Request> request;
  api::ApiError error;
  bool ok() const { return request.has_value(); }
};

// Parses and validates a /score body: a JSON object whose `mode` names a
// workload; the workload reads and checks the rest.
ParseResult parse_score(std::string_view body, const api::Limits& limits);

}  // namespace gilbench::workloads
