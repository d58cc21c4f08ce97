// Request types of the /score API and their validation (DESIGN.md, API
// contract). Pure: no I/O, no clock; tested without sockets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "api/error.h"

namespace gilbench::api {

enum class Mode { cpu, io, noop };
enum class WaitDist { exp, fixed };

std::string_view to_string(Mode m);

struct CpuRequest {
  std::int64_t iters = 80000;
  std::string seed = "gilbench";
};

struct IoRequest {
  std::optional<std::string> key;  // absent: a uniform random key of the store
  double wait_ms = 0.0;            // mean (exp) or exact (fixed) wait
  WaitDist wait_dist = WaitDist::exp;
};

struct NoopRequest {};

using Request = std::variant<CpuRequest, IoRequest, NoopRequest>;

Mode mode_of(const Request& r);

struct Limits {
  std::int64_t max_iters = 10'000'000;
  double max_wait_ms = 60'000.0;
  std::size_t max_key_bytes = 256;
  std::size_t max_seed_bytes = 4096;
};

// Either a valid request or the error to answer with; never both.
struct ParseResult {
  std::optional<Request> request;
  ApiError error;
  bool ok() const { return request.has_value(); }
};

// Parses and validates a /score body. Unknown fields are ignored so clients
// may annotate requests; every field we read is type- and range-checked.
ParseResult parse_score(std::string_view body, const Limits& limits);

}  // namespace gilbench::api
