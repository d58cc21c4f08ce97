// Minimal incremental HTTP/1.1 response parser for the load generator's hot
// path: status line, Content-Length, chunked transfer coding, close-delimited
// bodies, keep-alive. It does not copy: the caller keeps the bytes of the
// current response in one buffer that only grows until reset(), and calls
// feed() after each read with the whole buffer; work already done is not
// repeated. The body is not parsed as JSON: it is scanned for the server's
// "queue_us", "service_us", "gil_wait_us" and "ipc_us" numbers only.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gilbench::load {

class ResponseParser {
 public:
  // error: the bytes are not an HTTP/1.1 answer (malformed status line or
  // header, conflicting Content-Length values, bad chunk framing): a
  // protocol violation, never a success.
  enum class State { incomplete, complete, error };

  // `data[0, size)` is everything received for this response so far.
  State feed(const char* data, std::size_t size);
  // The peer closed the connection after `size` bytes: completes a body
  // delimited by the close, anything else unfinished is an error.
  State eof(const char* data, std::size_t size);
  void reset() { *this = ResponseParser{}; }

  int status() const { return status_; }
  bool keep_alive() const { return keep_alive_; }
  // Bytes of `data` that belong to this response (valid once complete).
  std::size_t consumed() const { return end_; }
  // Server-reported times from the body; -1 when absent.
  std::int64_t queue_us() const { return queue_us_; }
  std::int64_t service_us() const { return service_us_; }
  std::int64_t gil_wait_us() const { return gil_wait_us_; }
  std::int64_t ipc_us() const { return ipc_us_; }

  // Headers beyond this are an error: a real server never sends them to us.
  static constexpr std::size_t kMaxHeader = 64 * 1024;

 private:
  enum class Body { none, length, chunked, until_close };
  State parse_head(const char* data, std::size_t size);
  State parse_chunks(const char* data, std::size_t size);
  State finish(const char* data, std::size_t end);
  void scan_times(const char* from, const char* to);

  bool head_done_ = false;
  std::size_t scan_ = 0;       // where the search for the header end resumes
  std::size_t head_start_ = 0; // after skipped 1xx interim responses
  std::size_t body_start_ = 0;
  std::size_t end_ = 0;
  Body body_ = Body::none;
  std::uint64_t length_ = 0;
  // chunked state
  std::size_t chunk_pos_ = 0;
  bool in_trailers_ = false;

  int status_ = 0;
  bool keep_alive_ = true;
  std::int64_t queue_us_ = -1;
  std::int64_t service_us_ = -1;
  std::int64_t gil_wait_us_ = -1;
  std::int64_t ipc_us_ = -1;
};

}  // namespace gilbench::load
