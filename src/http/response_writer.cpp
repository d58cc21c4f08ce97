#include "http/response_writer.h"

#include <charconv>
#include <ostream>  // boost/core string_view needs it complete

#include <boost/beast/http/status.hpp>

namespace gilbench::http {

namespace {
void append_int(std::string& out, long long v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(end - buf));
}
}  // namespace

void write_response(std::string& out, const Reply& r, unsigned version, bool keep_alive,
                    bool head) {
  out.clear();
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  append_int(out, r.status);
  out.push_back(' ');
  auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status));
  out.append(reason.data(), reason.size());
  out.append("\r\nServer: gilbench\r\nContent-Type: ");
  out.append(r.content_type);
  out.append("\r\nContent-Length: ");
  append_int(out, static_cast<long long>(r.body.size()));
  out.append("\r\n");
  if (!keep_alive)
    out.append("Connection: close\r\n");
  else if (version == 10)
    out.append("Connection: keep-alive\r\n");
  if (r.allow) {
    out.append("Allow: ");
    out.append(r.allow);
    out.append("\r\n");
  }
  if (r.retry_after_s > 0) {
    out.append("Retry-After: ");
    append_int(out, r.retry_after_s);
    out.append("\r\n");
  }
  out.append("\r\n");
  if (!head) out.append(r.body);
}

}  // namespace gilbench::http
