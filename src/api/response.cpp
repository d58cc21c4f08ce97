#include "api/response.h"

#include <boost/json.hpp>
#include <charconv>
#include <fmt/format.h>

namespace gilbench::api {

namespace {
// Strings that come from clients (keys) or from the store must be escaped;
// boost::json::serialize of a string does exactly that.
std::string quoted(std::string_view s) {
  return boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}
}  // namespace

std::string error_json(const ApiError& e) {
  return fmt::format("{{\"error\":{},\"detail\":{}}}", quoted(e.code), quoted(e.detail));
}

namespace {
void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(end - buf));
}
}  // namespace

// Plain appends rather than fmt: this runs once per request and the format
// string parsing showed up in the noop path's profile.
std::string success_json(std::string_view mode, std::string_view fields, const Stamp& s) {
  std::string out;
  out.reserve(160 + fields.size());
  out.append("{\"mode\":\"").append(mode).append("\"");
  if (!fields.empty()) out.append(",").append(fields);
  out.append(",\"model\":\"").append(s.model).append("\",\"engine\":\"").append(s.engine);
  out.append("\",\"pid\":");
  append_int(out, s.pid);
  if (s.queue_us) {
    out.append(",\"queue_us\":");
    append_int(out, *s.queue_us);
  }
  out.append(",\"service_us\":");
  append_int(out, s.service_us);
  if (s.ipc_us >= 0) {
    out.append(",\"ipc_us\":");
    append_int(out, s.ipc_us);
  }
  if (s.gil_wait_us) {
    out.append(",\"gil_wait_us\":");
    append_int(out, *s.gil_wait_us);
  }
  out.push_back('}');
  return out;
}

}  // namespace gilbench::api
