// The JSON error answer of the API: {"error": code, "detail": text}.
#pragma once

#include <string>
#include <utility>

namespace gilbench::api {

struct ApiError {
  int status = 0;        // HTTP status
  std::string code;      // stable machine-readable code, see docs/api.md
  std::string detail;    // human text
};

// Stable codes (docs/api.md lists them with their statuses).
namespace code {
inline constexpr const char* malformed_json = "malformed_json";
inline constexpr const char* invalid_request = "invalid_request";
inline constexpr const char* missing_field = "missing_field";
inline constexpr const char* wrong_type = "wrong_type";
inline constexpr const char* out_of_range = "out_of_range";
inline constexpr const char* invalid_value = "invalid_value";
inline constexpr const char* unknown_mode = "unknown_mode";
inline constexpr const char* unknown_key = "unknown_key";
inline constexpr const char* over_budget = "over_budget";  // 422: more work than --max-work
inline constexpr const char* not_found = "not_found";
inline constexpr const char* method_not_allowed = "method_not_allowed";
inline constexpr const char* body_too_large = "body_too_large";
inline constexpr const char* headers_too_large = "headers_too_large";
inline constexpr const char* bad_http = "bad_http";
inline constexpr const char* overloaded = "overloaded";
inline constexpr const char* shutting_down = "shutting_down";
inline constexpr const char* internal = "internal";
inline constexpr const char* worker_died = "worker_died";  // offload: the pool process died mid-request
// Framing (docs/api.md, "Framing"): answered before any route is chosen.
inline constexpr const char* uri_too_long = "uri_too_long";
inline constexpr const char* not_implemented = "not_implemented";
inline constexpr const char* version_not_supported = "version_not_supported";
}  // namespace code

// The 500s, made here and nowhere else: an exception while a request is
// handled (models/handler.cpp; the HTTP session's guard around a model's
// plumbing) and, for offload, a pool process that died with the request.
inline ApiError internal_error(std::string detail) { return {500, code::internal, std::move(detail)}; }
inline ApiError worker_died(std::string detail) { return {500, code::worker_died, std::move(detail)}; }

std::string error_json(const ApiError& e);

}  // namespace gilbench::api
