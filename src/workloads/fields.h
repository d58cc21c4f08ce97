// Reading one JSON member with its type and range checks, shared by the
// workloads' parse(): every workload answers a bad field the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/error.h"

namespace boost::json {
class object;
}

namespace gilbench::workloads::fields {

// Each leaves `out` untouched when the member is absent and returns the
// error when it is present and wrong (wrong_type or out_of_range).
std::optional<api::ApiError> integer(const boost::json::object& o, std::string_view name,
                                     std::int64_t lo, std::int64_t hi, std::int64_t& out);
std::optional<api::ApiError> number(const boost::json::object& o, std::string_view name,
                                    double lo, double hi, double& out);
std::optional<api::ApiError> text(const boost::json::object& o, std::string_view name,
                                  std::size_t max_bytes, std::string& out);
// A text member that must be one of `choices` (invalid_value otherwise).
std::optional<api::ApiError> choice(const boost::json::object& o, std::string_view name,
                                    std::initializer_list<std::string_view> choices,
                                    std::string& out);

// A JSON string literal of s, escaped.
std::string quoted(std::string_view s);

}  // namespace gilbench::workloads::fields
