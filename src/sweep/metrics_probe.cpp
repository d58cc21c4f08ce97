#include "sweep/metrics_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace gilbench::sweep {

std::optional<double> metric_sum(std::string_view text, std::string_view name) {
  std::optional<double> sum;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.compare(0, name.size(), name) != 0) continue;
    const char next = line.size() > name.size() ? line[name.size()] : '\0';
    if (next != ' ' && next != '{') continue;  // a longer name with this prefix
    auto sp = line.rfind('}');
    sp = line.find(' ', sp == std::string::npos ? name.size() : sp);
    if (sp == std::string::npos) continue;
    char* end = nullptr;
    double v = std::strtod(line.c_str() + sp + 1, &end);
    if (end == line.c_str() + sp + 1) continue;
    sum = sum.value_or(0) + v;
  }
  return sum;
}

std::optional<double> scrape_metric(int port, std::string_view name, std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string buf;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    const std::string req = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
      for (;;) {  // read to EOF: Connection: close ends the body
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd pf{fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&pf, 1, static_cast<int>(left.count())) <= 0) break;
        char b[4096];
        ssize_t n = ::recv(fd, b, sizeof b, 0);
        if (n <= 0) break;
        buf.append(b, static_cast<std::size_t>(n));
        if (buf.size() > (1u << 22)) break;  // 4 MiB: no metrics page is this big
      }
    }
  }
  ::close(fd);
  if (buf.rfind("HTTP/1.", 0) != 0 || buf.size() < 12 || std::atoi(buf.c_str() + 9) != 200) return std::nullopt;
  auto body = buf.find("\r\n\r\n");
  if (body == std::string::npos) return std::nullopt;
  return metric_sum(std::string_view(buf).substr(body + 4), name);
}

}  // namespace gilbench::sweep
