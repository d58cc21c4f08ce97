// A Beast parser that keeps only what the router needs (method, target,
// keep-alive, Expect, body) in buffers owned by the connection and reused
// for every request. Beast's stock request_parser allocates a node per
// header field, which was the largest cost of the noop path after the
// serializer (callgrind, docs/benchmarks.md).
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <string>

namespace gilbench::http {

struct RequestBuffers {
  std::string method;
  std::string target;
  std::string body;
};

class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  explicit RequestParser(RequestBuffers& b) : b_(b) {
    b_.method.clear();
    b_.target.clear();
    b_.body.clear();
  }

  unsigned version() const { return version_; }
  bool expects_continue() const { return expect_continue_; }

 private:
  using error_code = boost::system::error_code;
  using string_view = boost::beast::string_view;
  using field = boost::beast::http::field;

  void on_request_impl(boost::beast::http::verb, string_view method, string_view target,
                       int version, error_code&) override {
    b_.method.assign(method.data(), method.size());
    b_.target.assign(target.data(), target.size());
    version_ = static_cast<unsigned>(version);
  }
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(field name, string_view, string_view value, error_code&) override {
    if (name == field::expect && boost::beast::iequals(value, "100-continue")) expect_continue_ = true;
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    if (length) b_.body.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(string_view s, error_code&) override {
    b_.body.append(s.data(), s.size());
    return s.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view s, error_code&) override {
    b_.body.append(s.data(), s.size());
    return s.size();
  }
  void on_finish_impl(error_code&) override {}

  RequestBuffers& b_;
  unsigned version_ = 11;
  bool expect_continue_ = false;
};

}  // namespace gilbench::http
