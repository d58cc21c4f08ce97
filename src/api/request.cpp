#include "api/request.h"

#include <boost/json.hpp>
#include <cmath>
#include <fmt/format.h>

namespace gilbench::api {
namespace json = boost::json;

std::string_view to_string(Mode m) {
  switch (m) {
    case Mode::cpu: return "cpu";
    case Mode::io: return "io";
    case Mode::noop: return "noop";
  }
  return "?";
}

Mode mode_of(const Request& r) {
  return static_cast<Mode>(r.index());
}

namespace {

ParseResult fail(const char* c, std::string detail) {
  return ParseResult{std::nullopt, ApiError{400, c, std::move(detail)}};
}

// JSON numbers for `iters` must be integers. Boost.JSON turns an integer
// literal beyond 64 bits into a double, so an integral double past int64 is
// reported as out of range rather than as the wrong type.
std::optional<ParseResult> read_iters(const json::value& v, const Limits& lim,
                                      std::int64_t& out) {
  if (v.is_int64()) {
    out = v.get_int64();
  } else if (v.is_uint64()) {
    return fail(code::out_of_range,
                fmt::format("iters must be in 1..{}", lim.max_iters));
  } else if (v.is_double()) {
    double d = v.get_double();
    if (std::trunc(d) == d && std::fabs(d) >= 9.2e18)
      return fail(code::out_of_range,
                  fmt::format("iters must be in 1..{}", lim.max_iters));
    return fail(code::wrong_type, "iters must be an integer");
  } else {
    return fail(code::wrong_type, "iters must be an integer");
  }
  if (out < 1 || out > lim.max_iters)
    return fail(code::out_of_range,
                fmt::format("iters must be in 1..{}", lim.max_iters));
  return std::nullopt;
}

ParseResult parse_cpu(const json::object& o, const Limits& lim) {
  CpuRequest r;
  if (auto* v = o.if_contains("iters")) {
    if (auto err = read_iters(*v, lim, r.iters)) return *err;
  }
  if (auto* v = o.if_contains("seed")) {
    if (!v->is_string()) return fail(code::wrong_type, "seed must be a string");
    const auto& s = v->get_string();
    if (s.size() > lim.max_seed_bytes)
      return fail(code::out_of_range,
                  fmt::format("seed must be at most {} bytes", lim.max_seed_bytes));
    r.seed.assign(s.data(), s.size());
  }
  return ParseResult{Request{std::move(r)}, {}};
}

ParseResult parse_io(const json::object& o, const Limits& lim) {
  IoRequest r;
  if (auto* v = o.if_contains("key")) {
    if (!v->is_string()) return fail(code::wrong_type, "key must be a string");
    const auto& s = v->get_string();
    if (s.size() > lim.max_key_bytes)
      return fail(code::out_of_range,
                  fmt::format("key must be at most {} bytes", lim.max_key_bytes));
    r.key = std::string(s.data(), s.size());
  }
  if (auto* v = o.if_contains("wait_ms")) {
    if (!v->is_number() ) return fail(code::wrong_type, "wait_ms must be a number");
    double w = v->to_number<double>();
    if (!(w >= 0.0) || w > lim.max_wait_ms)
      return fail(code::out_of_range,
                  fmt::format("wait_ms must be in 0..{}", lim.max_wait_ms));
    r.wait_ms = w;
  }
  if (auto* v = o.if_contains("wait_dist")) {
    if (!v->is_string()) return fail(code::wrong_type, "wait_dist must be a string");
    const auto& s = v->get_string();
    if (s == "exp") r.wait_dist = WaitDist::exp;
    else if (s == "fixed") r.wait_dist = WaitDist::fixed;
    else return fail(code::invalid_value, "wait_dist must be \"exp\" or \"fixed\"");
  }
  return ParseResult{Request{std::move(r)}, {}};
}

}  // namespace

ParseResult parse_score(std::string_view body, const Limits& lim) {
  if (body.empty()) return fail(code::malformed_json, "empty body: expected a JSON object");
  json::parse_options opt;
  opt.max_depth = 16;  // a score request is flat; deep nesting is rejected early
  // A request is small: parse into stack memory, spilling to the heap only
  // for unusually large bodies, so the common case allocates nothing.
  unsigned char value_mem[4096];
  unsigned char temp_mem[1024];
  json::monotonic_resource mr(value_mem, sizeof value_mem);
  json::parser p(json::storage_ptr(&mr), opt, temp_mem, sizeof temp_mem);
  boost::system::error_code ec;
  p.write(body.data(), body.size(), ec);
  if (ec) return fail(code::malformed_json, fmt::format("invalid JSON: {}", ec.message()));
  json::value v = p.release();
  if (!v.is_object()) return fail(code::invalid_request, "body must be a JSON object");
  const auto& o = v.get_object();
  const auto* m = o.if_contains("mode");
  if (!m) return fail(code::missing_field, "field \"mode\" is required");
  if (!m->is_string()) return fail(code::wrong_type, "mode must be a string");
  const auto& ms = m->get_string();
  if (ms == "cpu") return parse_cpu(o, lim);
  if (ms == "io") return parse_io(o, lim);
  if (ms == "noop") return ParseResult{Request{NoopRequest{}}, {}};
  return fail(code::unknown_mode, "mode must be one of cpu, io, noop");
}

}  // namespace gilbench::api
