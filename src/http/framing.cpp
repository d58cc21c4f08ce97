#include "http/framing.h"

#include <boost/beast/http/error.hpp>
#include <fmt/format.h>

namespace gilbench::http {

namespace bhttp = boost::beast::http;
using boost::system::error_code;

std::size_t read_buffer_limit(const ParseLimits& limits) {
  // Room for the largest element plus one read's worth of what follows it
  // (pipelined requests, body bytes).
  return limits.max_header + 16 * 1024;
}

std::optional<Reply> reply_for_read_error(const error_code& ec, const RequestParser& parser) {
  if (const auto& r = parser.rejection()) return Reply::error(*r);
  const bool beast_error =
      ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category();
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
    if (parser.is_header_done())
      return Reply::error({431, api::code::headers_too_large,
                           "chunk extensions and trailers exceed --max-header"});
    if (!parser.saw_request_line())
      return Reply::error({414, api::code::uri_too_long, "the request line exceeds --max-header"});
    return Reply::error({431, api::code::headers_too_large, "request headers exceed the limit"});
  }
  if (ec == bhttp::error::body_limit)
    return Reply::error({413, api::code::body_too_large, "request body exceeds --max-body"});
  if (ec == bhttp::error::bad_version)
    return Reply::error({505, api::code::version_not_supported, "only HTTP/1.0 and HTTP/1.1 are served"});
  if (beast_error && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
      ec != bhttp::error::need_more)
    return Reply::error({400, api::code::bad_http, fmt::format("malformed HTTP: {}", ec.message())});
  return std::nullopt;
}

bool drop_leading_crlf(const error_code& ec, boost::beast::flat_buffer& buf, bool& skipped) {
  if (skipped || ec != bhttp::error::bad_method || buf.size() < 2) return false;
  auto* p = static_cast<const char*>(buf.data().data());
  if (p[0] != '\r' || p[1] != '\n') return false;
  buf.consume(2);
  skipped = true;
  return true;
}

Routed route_parsed(const RequestParser& parser, const RequestBuffers& req,
                    const api::Limits& limits, const ServerFacts& facts, const Metrics& metrics) {
  if (!parser.known_method()) {
    Routed out;
    out.reply = Reply::error({501, api::code::not_implemented, "unknown method"});
    return out;
  }
  return route(parser.head() ? std::string_view("GET") : std::string_view(req.method), req.target,
               req.body, limits, facts, metrics);
}

}  // namespace gilbench::http
