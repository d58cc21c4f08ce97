#include "api/response.h"

#include <boost/json.hpp>
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

std::string success_json(std::string_view mode, const Outcome& o, const Stamp& s) {
  std::string out;
  out.reserve(192);
  fmt::format_to(std::back_inserter(out), "{{\"mode\":\"{}\"", mode);
  if (mode == "cpu") {
    fmt::format_to(std::back_inserter(out), ",\"digest\":\"{}\",\"iters\":{}", o.digest, o.iters);
  } else if (mode == "io") {
    fmt::format_to(std::back_inserter(out), ",\"key\":{},\"val\":{}", quoted(o.key), quoted(o.val));
  }
  fmt::format_to(std::back_inserter(out),
                 ",\"model\":\"{}\",\"engine\":\"{}\",\"pid\":{},\"queue_us\":{},\"service_us\":{}}}",
                 s.model, s.engine, s.pid, s.queue_us, s.service_us);
  return out;
}

}  // namespace gilbench::api
