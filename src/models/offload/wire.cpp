#include "models/offload/wire.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gilbench::models::offload {

namespace {
template <class H>
std::string with_header(const H& h, std::string_view tail) {
  std::string out(sizeof h + tail.size(), '\0');
  std::memcpy(out.data(), &h, sizeof h);
  std::memcpy(out.data() + sizeof h, tail.data(), tail.size());
  return out;
}
}  // namespace

std::string encode_request(std::string_view body) {
  RequestHeader h;
  h.body_len = static_cast<std::uint32_t>(std::min<std::size_t>(body.size(), kMaxText));
  return with_header(h, body.substr(0, h.body_len));
}

std::string encode_response(int status, std::string_view text, std::int64_t work_ns,
                            std::int64_t gil_wait_ns) {
  ResponseHeader h;
  h.status = status;
  h.text_len = static_cast<std::uint32_t>(std::min<std::size_t>(text.size(), kMaxText));
  h.work_ns = work_ns;
  h.gil_wait_ns = gil_wait_ns;
  return with_header(h, text.substr(0, h.text_len));
}

bool read_exact(int fd, void* buf, std::size_t n) {
  auto* p = static_cast<char*>(buf);
  while (n > 0) {
    ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t w = ::write(fd, bytes.data(), bytes.size());
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(w));
  }
  return true;
}

}  // namespace gilbench::models::offload
