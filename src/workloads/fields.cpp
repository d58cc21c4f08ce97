#include "workloads/fields.h"

#include <boost/json.hpp>
#include <cmath>
#include <fmt/format.h>

namespace gilbench::workloads::fields {

namespace json = boost::json;

namespace {
api::ApiError bad(const char* code, std::string detail) {
  return api::ApiError{400, code, std::move(detail)};
}
}  // namespace

// JSON numbers for integer fields must be integers. Boost.JSON turns an
// integer literal beyond 64 bits into a double (or a uint64), so an integral
// value past int64 is reported as out of range rather than as the wrong type.
std::optional<api::ApiError> integer(const json::object& o, std::string_view name, std::int64_t lo,
                                     std::int64_t hi, std::int64_t& out) {
  const auto* v = o.if_contains(name);
  if (!v) return std::nullopt;
  const auto range = [&] { return bad(api::code::out_of_range, fmt::format("{} must be in {}..{}", name, lo, hi)); };
  std::int64_t x = 0;
  if (v->is_int64()) {
    x = v->get_int64();
  } else if (v->is_uint64()) {
    return range();
  } else if (v->is_double()) {
    const double d = v->get_double();
    if (std::trunc(d) == d && std::fabs(d) >= 9.2e18) return range();
    return bad(api::code::wrong_type, fmt::format("{} must be an integer", name));
  } else {
    return bad(api::code::wrong_type, fmt::format("{} must be an integer", name));
  }
  if (x < lo || x > hi) return range();
  out = x;
  return std::nullopt;
}

std::optional<api::ApiError> number(const json::object& o, std::string_view name, double lo,
                                    double hi, double& out) {
  const auto* v = o.if_contains(name);
  if (!v) return std::nullopt;
  if (!v->is_number()) return bad(api::code::wrong_type, fmt::format("{} must be a number", name));
  const double x = v->to_number<double>();
  if (!(x >= lo) || x > hi)
    return bad(api::code::out_of_range, fmt::format("{} must be in {}..{}", name, lo, hi));
  out = x;
  return std::nullopt;
}

std::optional<api::ApiError> text(const json::object& o, std::string_view name,
                                  std::size_t max_bytes, std::string& out) {
  const auto* v = o.if_contains(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) return bad(api::code::wrong_type, fmt::format("{} must be a string", name));
  const auto& s = v->get_string();
  if (s.size() > max_bytes)
    return bad(api::code::out_of_range, fmt::format("{} must be at most {} bytes", name, max_bytes));
  out.assign(s.data(), s.size());
  return std::nullopt;
}

std::optional<api::ApiError> choice(const json::object& o, std::string_view name,
                                    std::initializer_list<std::string_view> choices,
                                    std::string& out) {
  std::string s;
  if (auto e = text(o, name, 64, s)) {
    if (e->code == api::code::out_of_range) e = bad(api::code::invalid_value, "");
    else return e;
  } else if (!o.if_contains(name)) {
    return std::nullopt;
  } else {
    for (auto c : choices)
      if (s == c) {
        out = s;
        return std::nullopt;
      }
  }
  std::string list;
  for (auto c : choices) list += (list.empty() ? "\"" : " or \"") + std::string(c) + "\"";
  return bad(api::code::invalid_value, fmt::format("{} must be {}", name, list));
}

std::string quoted(std::string_view s) {
  return json::serialize(json::string_view(s.data(), s.size()));
}

}  // namespace gilbench::workloads::fields
