#include "http/request_parser.h"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <fmt/format.h>

namespace gilbench::http {

namespace bhttp = boost::beast::http;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool reg_name_char(unsigned char c) {
  if (std::isalnum(c)) return true;
  switch (c) {
    case '-': case '.': case '_': case '~': case '!': case '$': case '&': case '\'':
    case '(': case ')': case '*': case '+': case ',': case ';': case '=': case '%':
      return true;
    default:
      return false;
  }
}

}  // namespace

bool valid_host(std::string_view v) {
  std::string_view host = v, port;
  if (!v.empty() && v.front() == '[') {  // IP-literal
    auto close = v.find(']');
    if (close == std::string_view::npos) return false;
    for (char c : v.substr(1, close - 1))
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    host = {};
    port = v.substr(close + 1);
    if (!port.empty() && port.front() != ':') return false;
  } else if (auto colon = v.find(':'); colon != std::string_view::npos) {
    host = v.substr(0, colon);
    port = v.substr(colon);
  }
  for (char c : host)
    if (!reg_name_char(static_cast<unsigned char>(c))) return false;
  if (!port.empty()) {
    port.remove_prefix(1);  // ':'
    if (port.size() > 5) return false;
    for (char c : port)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

RequestParser::RequestParser(RequestBuffers& b, const ParseLimits& limits)
    : b_(b), limits_(limits) {
  b_.method.clear();
  b_.target.clear();
  b_.body.clear();
  header_limit(static_cast<std::uint32_t>(limits.max_header));
  body_limit(limits.max_body);
  eager(true);  // header and body in one call when both have arrived
}

void RequestParser::reject(error_code& ec, int status, const char* code, std::string detail) {
  rejection_ = api::ApiError{status, code, std::move(detail)};
  ec = bhttp::error::bad_value;
}

void RequestParser::on_request_impl(bhttp::verb verb, string_view method, string_view target,
                                    int version, error_code& ec) {
  saw_request_line_ = true;
  b_.method.assign(method.data(), method.size());
  b_.target.assign(target.data(), target.size());
  version_ = static_cast<unsigned>(version);
  head_ = verb == bhttp::verb::head;
  known_method_ = verb != bhttp::verb::unknown;
  if (target.size() > ParseLimits::kMaxTarget)
    reject(ec, 414, api::code::uri_too_long,
           fmt::format("the request-target exceeds {} bytes", ParseLimits::kMaxTarget));
}

void RequestParser::on_field_impl(field name, string_view name_text, string_view value,
                                  error_code& ec) {
  if (is_header_done()) {  // a trailer field: only its size matters
    extra_bytes_ += name_text.size() + value.size() + 4;
    if (extra_bytes_ > limits_.max_header)
      reject(ec, 431, api::code::headers_too_large,
             "chunk extensions and trailers exceed --max-header");
    return;
  }
  switch (name) {
    case field::expect:
      if (boost::beast::iequals(value, "100-continue")) expect_continue_ = true;
      break;
    case field::host:
      ++hosts_;
      if (!valid_host(std::string_view(value.data(), value.size()))) host_valid_ = false;
      break;
    case field::content_length:
      has_content_length_ = true;
      break;
    case field::transfer_encoding:
      if (!transfer_codings_.empty()) transfer_codings_.push_back(',');
      transfer_codings_.append(value.data(), value.size());
      break;
    default:
      break;
  }
}

void RequestParser::on_header_impl(error_code& ec) {
  if (version_ >= 11 && hosts_ == 0)
    return reject(ec, 400, api::code::bad_http, "HTTP/1.1 requires a Host header");
  if (hosts_ > 1) return reject(ec, 400, api::code::bad_http, "more than one Host header");
  if (!host_valid_) return reject(ec, 400, api::code::bad_http, "invalid Host header");
  if (transfer_codings_.empty()) return;
  // Each rule below closes a way to make us and a proxy disagree on where
  // the body ends (request smuggling).
  if (version_ < 11)
    return reject(ec, 400, api::code::bad_http, "Transfer-Encoding in an HTTP/1.0 request");
  if (has_content_length_)
    return reject(ec, 400, api::code::bad_http, "both Transfer-Encoding and Content-Length");
  std::string_view rest = transfer_codings_;
  std::string_view last;
  int codings = 0;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto token = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (token.empty()) continue;
    last = token;
    ++codings;
  }
  if (!boost::beast::iequals(last, "chunked"))
    return reject(ec, 400, api::code::bad_http,
                  "Transfer-Encoding must end with chunked (RFC 9112 section 6.3)");
  if (codings > 1)
    return reject(ec, 501, api::code::not_implemented, "only the chunked transfer coding is supported");
}

void RequestParser::on_chunk_header_impl(std::uint64_t, string_view ext, error_code& ec) {
  extra_bytes_ += ext.size();
  if (extra_bytes_ > limits_.max_header)
    reject(ec, 431, api::code::headers_too_large,
           "chunk extensions and trailers exceed --max-header");
}

}  // namespace gilbench::http
