// libFuzzer target for the server's request path: bytes -> Beast's read
// loop with the server's parser, limits and read buffer -> framing rules ->
// routing and /score validation -> the serialised answer. The bytes arrive
// in pieces whose sizes the input chooses (split reads) and may hold several
// requests (pipelining). Runs without sockets or a model: a valid /score
// request is answered with a stub body, since the workloads are tested
// elsewhere and the point here is the parsing of hostile bytes.
//
// Checks beyond "no crash": every answer is a well-formed HTTP/1.x status
// line with a Content-Length equal to the body sent (none for HEAD), and an
// error that closes the connection stops the exchange.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/framing.h"
#include "http/metrics.h"
#include "http/response_writer.h"

namespace {

using namespace gilbench;
namespace bhttp = boost::beast::http;

// A SyncReadStream over the input, handing it out in pieces of 1..64 bytes
// (or the rest), sized by a PRNG seeded from the input's first byte.
class PieceStream {
 public:
  PieceStream(std::string_view data, std::uint32_t seed) : data_(data), state_(seed | 1) {}

  template <class Buffers>
  std::size_t read_some(const Buffers& bufs, boost::system::error_code& ec) {
    if (data_.empty()) {
      ec = boost::asio::error::eof;
      return 0;
    }
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    std::size_t piece = (state_ & 0x80) ? data_.size() : 1 + (state_ % 64);
    std::size_t n = boost::asio::buffer_copy(bufs, boost::asio::buffer(data_.data(), std::min(piece, data_.size())));
    data_.remove_prefix(n);
    ec = {};
    return n;
  }
  template <class Buffers>
  std::size_t read_some(const Buffers& bufs) {
    boost::system::error_code ec;
    return read_some(bufs, ec);
  }

 private:
  std::string_view data_;
  std::uint32_t state_;
};

void check_answer(const std::string& out, const http::Reply& r, bool head) {
  if (out.rfind("HTTP/1.", 0) != 0) std::abort();
  auto end = out.find("\r\n\r\n");
  if (end == std::string::npos) std::abort();
  const std::string cl = "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  if (out.find(cl) == std::string::npos || out.find(cl) > end) std::abort();
  if (out.size() - (end + 4) != (head ? 0 : r.body.size())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // Small limits so the fuzzer reaches them: the same rules as --max-header
  // 1024 --max-body 2048.
  const http::ParseLimits limits{1024, 2048};
  static http::Metrics metrics;
  static const http::ServerFacts facts{"threads", "native", 1};
  const api::Limits api_limits;
  PieceStream stream(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), data[0]);
  boost::beast::flat_buffer buf(http::read_buffer_limit(limits));
  http::RequestBuffers req;
  std::string out;
  for (int i = 0; i < 64; ++i) {  // pipelined requests on one connection
    std::optional<http::RequestParser> parser(std::in_place, req, limits);
    boost::system::error_code ec;
    bool skipped_crlf = false;
    while (!ec && !parser->is_done()) {
      bhttp::read_some(stream, buf, *parser, ec);
      if (ec && http::drop_leading_crlf(ec, buf, skipped_crlf)) {
        parser.emplace(req, limits);
        ec = {};
      }
    }
    if (ec) {
      if (auto r = http::reply_for_read_error(ec, *parser)) {
        http::write_response(out, *r, 11, false);
        check_answer(out, *r, false);
      }
      return 0;  // the connection is closed after any read error
    }
    auto routed = http::route_parsed(*parser, req, api_limits, facts, metrics);
    http::Reply reply = routed.reply ? std::move(*routed.reply)
                                     : http::Reply::json(200, R"({"mode":"stub"})");
    const bool keep = parser->keep_alive();
    http::write_response(out, reply, parser->version(), keep, parser->head());
    check_answer(out, reply, parser->head());
    if (!keep) return 0;
  }
  return 0;
}
