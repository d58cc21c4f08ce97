#include "workloads/request.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "workloads/registry.h"

namespace gilbench::workloads {

namespace json = boost::json;

namespace {
ParseResult fail(const char* c, std::string detail) {
  return ParseResult{std::nullopt, api::ApiError{400, c, std::move(detail)}};
}
}  // namespace

ParseResult parse_score(std::string_view body, const api::Limits& lim) {
  if (body.empty()) return fail(api::code::malformed_json, "empty body: expected a JSON object");
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
  if (ec) return fail(api::code::malformed_json, fmt::format("invalid JSON: {}", ec.message()));
  json::value v = p.release();
  if (!v.is_object()) return fail(api::code::invalid_request, "body must be a JSON object");
  const auto& o = v.get_object();
  const auto* m = o.if_contains("mode");
  if (!m) return fail(api::code::missing_field, "field \"mode\" is required");
  if (!m->is_string()) return fail(api::code::wrong_type, "mode must be a string");
  const auto& ms = m->get_string();
  const Workload* w = find(std::string_view(ms.data(), ms.size()));
  if (!w) return fail(api::code::unknown_mode, fmt::format("mode must be one of {}", names()));
  Parsed parsed = w->parse(o, lim);
  if (!parsed.params) return ParseResult{std::nullopt, std::move(parsed.error)};
  if (const auto work = w->work_bytes(*parsed.params); work > lim.max_work_bytes)
    return ParseResult{std::nullopt,
                       api::ApiError{422, api::code::over_budget,
                                     fmt::format("this request hashes {} bytes; the server's budget "
                                                 "per request is {} (--max-work)",
                                                 work, lim.max_work_bytes)}};
  return ParseResult{Request{w, std::move(parsed.params), std::string(body)}, {}};
}

}  // namespace gilbench::workloads
