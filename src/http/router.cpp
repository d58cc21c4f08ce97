#include "http/router.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "engines/live.h"
#include "http/metrics.h"

namespace gilbench::http {

namespace {

Reply method_not_allowed(const char* allow) {
  Reply r = Reply::error({405, api::code::method_not_allowed,
                          fmt::format("this path accepts {} only", allow)});
  r.allow = allow;
  return r;
}

// Paths are echoed in 404 details; keep them short and printable ASCII so
// the JSON answer stays valid UTF-8 whatever bytes the client sent.
std::string printable(std::string_view s) {
  std::string out(s.substr(0, 200));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
  return out;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

std::string_view path_of(std::string_view target) {
  // absolute-form (RFC 9112 §3.2.2): the path follows the authority.
  for (std::string_view scheme : {"http://", "https://"})
    if (starts_with_nocase(target, scheme)) {
      target.remove_prefix(scheme.size());
      auto slash = target.find_first_of("/?");
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
      if (!target.empty() && target.front() == '?') return "/";
      break;
    }
  auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

}  // namespace

Routed route(std::string_view method, std::string_view target, std::string_view body,
             const api::Limits& limits, const ServerFacts& facts, const Metrics& metrics) {
  Routed out;
  const auto path = path_of(target);
  const bool get = method == "GET";  // HEAD arrives here as GET (http/framing.cpp)
  if (path == "/score") {
    if (method != "POST") {
      out.reply = method_not_allowed("POST");
      return out;
    }
    auto parsed = workloads::parse_score(body, limits);
    if (!parsed.ok()) {
      out.reply = Reply::error(parsed.error);
      return out;
    }
    out.metrics_route = Metrics::route_of(*parsed.request->workload);
    out.request = std::move(parsed.request);
    return out;
  }
  if (path == "/healthz") {
    if (!get) {
      out.reply = method_not_allowed("GET, HEAD");
      return out;
    }
    // The engine's facts (python: interpreter, version, free-threaded
    // build, GIL enabled now) so a sweep records what a cell ran on.
    std::string engine_facts;
    for (auto& [k, v] : engines::live_engine_facts()) engine_facts += fmt::format(R"(,"{}":{})", k, boost::json::serialize(boost::json::string(v)));
    out.reply = Reply::json(200, fmt::format(R"({{"status":"ok","model":"{}","engine":"{}","workers":{}{}}})",
                                             facts.model, facts.engine, facts.workers, engine_facts));
    return out;
  }
  if (path == "/metrics") {
    if (!get) {
      out.reply = method_not_allowed("GET, HEAD");
      return out;
    }
    Reply r = Reply::json(200, metrics.render(facts.model, facts.engine));
    r.content_type = "text/plain; version=0.0.4";
    out.reply = std::move(r);
    return out;
  }
  out.reply = Reply::error({404, api::code::not_found,
                            fmt::format("no such path '{}' (try /score, /healthz, /metrics)",
                                        printable(path))});
  return out;
}

}  // namespace gilbench::http
