// The offload model's messages between the loop and a pool process, over a
// pair of pipes per process (one request in flight per process). Fixed
// little headers in host byte order (both ends are the same binary on the
// same machine) followed by the variable bytes; no other serialisation, so
// the measured hand-off is the pipe and the wake-ups, not a codec.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gilbench::models::offload {

// Loop -> pool process: one request's /score body, parsed again there by
// the same parse_score, so any workload can be sent.
struct RequestHeader {
  std::uint32_t body_len = 0;
};

// Pool process -> loop: the outcome and the time the work took there.
struct ResponseHeader {
  std::int32_t status = 200;    // 200, or 500 when the workload threw
  std::uint32_t text_len = 0;   // answer fields (200) or "code\ndetail" (else)
  std::int64_t work_ns = 0;      // work time inside the pool process, GIL wait included
  std::int64_t gil_wait_ns = -1; // python engine: the wait to take the GIL; -1: none
};

// The largest variable part either side accepts: a body is at most the
// largest --max-body (64 MiB); answer fields and error details are cut to it.
inline constexpr std::uint32_t kMaxText = 64u << 20;

std::string encode_request(std::string_view body);
std::string encode_response(int status, std::string_view text, std::int64_t work_ns,
                            std::int64_t gil_wait_ns = -1);

// Blocking whole-message I/O for the pool process side: false on EOF or
// error (the loop has gone: the process exits).
bool read_exact(int fd, void* buf, std::size_t n);
bool write_all(int fd, std::string_view bytes);

}  // namespace gilbench::models::offload
