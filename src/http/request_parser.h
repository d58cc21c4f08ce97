// A Beast parser that keeps only what the router needs (method, target,
// keep-alive, Expect, body) in buffers owned by the connection and reused
// for every request. Beast's stock request_parser allocates a node per
// header field, which was the largest cost of the noop path after the
// serializer (callgrind, docs/benchmarks.md).
//
// It also enforces the framing rules Beast 1.81 leaves to the caller
// (docs/api.md, "Framing"): Host (RFC 9112 §3.2), Transfer-Encoding other
// than a final `chunked` (§6.1, §6.3 — the smuggling vector), the length of
// the request-target (414), and a budget for chunk extensions and trailers,
// which Beast buffers without any limit. A rule that fails stops the parse
// with an error and records the answer in rejection().
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <optional>
#include <string>

#include "api/error.h"

namespace gilbench::http {

struct RequestBuffers {
  std::string method;
  std::string target;
  std::string body;
};

// The limits one request is parsed with; the server and the fuzz target
// build them from the same ServerOptions.
struct ParseLimits {
  std::size_t max_header = 8 * 1024;
  std::size_t max_body = 64 * 1024;
  // A request-target longer than this is answered 414.
  static constexpr std::size_t kMaxTarget = 4096;
};

class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  RequestParser(RequestBuffers& b, const ParseLimits& limits);

  unsigned version() const { return version_; }
  bool expects_continue() const { return expect_continue_; }
  bool head() const { return head_; }
  // Beast knows the method (GET, POST, PROPFIND...): unknown ones get 501.
  bool known_method() const { return known_method_; }
  bool saw_request_line() const { return saw_request_line_; }
  // The answer a framing rule chose, if one stopped the parse.
  const std::optional<api::ApiError>& rejection() const { return rejection_; }

 private:
  using error_code = boost::system::error_code;
  using string_view = boost::beast::string_view;
  using field = boost::beast::http::field;

  void reject(error_code& ec, int status, const char* code, std::string detail);

  void on_request_impl(boost::beast::http::verb verb, string_view method, string_view target,
                       int version, error_code& ec) override;
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(field name, string_view, string_view value, error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    if (length) b_.body.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(string_view s, error_code&) override {
    b_.body.append(s.data(), s.size());
    return s.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view ext, error_code& ec) override;
  std::size_t on_chunk_body_impl(std::uint64_t, string_view s, error_code&) override {
    b_.body.append(s.data(), s.size());
    return s.size();
  }
  void on_finish_impl(error_code&) override {}

  RequestBuffers& b_;
  ParseLimits limits_;
  unsigned version_ = 11;
  bool expect_continue_ = false;
  bool head_ = false;
  bool known_method_ = true;
  bool saw_request_line_ = false;
  int hosts_ = 0;
  bool host_valid_ = true;
  bool has_content_length_ = false;
  std::string transfer_codings_;  // every Transfer-Encoding line, comma-joined
  std::size_t extra_bytes_ = 0;   // chunk extensions + trailers so far
  std::optional<api::ApiError> rejection_;
};

// Whether `v` is a valid Host field value: uri-host [ ":" port ] (RFC 3986).
bool valid_host(std::string_view v);

}  // namespace gilbench::http
