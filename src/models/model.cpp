#include "models/model.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>

#include "models/registry.h"

namespace gilbench::models {

std::unique_ptr<Model> make_model(std::string_view name) {
  if (const ModelDescriptor* m = find_model(name)) return m->make();
  throw std::invalid_argument(fmt::format("unknown model '{}' (expected: {})", name, model_names()));
}

std::string_view model_names() {
  static const std::string names = [] {
    std::vector<std::string_view> v;
    for (auto& m : model_registry()) v.push_back(m.name);
    return fmt::format("{}", fmt::join(v, ", "));
  }();
  return names;
}

int effective_workers(const ServeConfig& cfg) {
  const ModelDescriptor* m = find_model(cfg.model);
  return m ? m->effective_workers(cfg.workers) : cfg.workers;
}

std::string validate(const ServeConfig& c) {
  if (c.workers < 1 || c.workers > 1024) return "--workers must be in 1..1024";
  if (auto problem = check(options_of(c)); !problem.empty()) return problem;
  if (c.port < 0 || c.port > 65535) return "--port must be in 0..65535";
  if (c.server.limits.max_iters < 1) return "--max-iters must be at least 1";
  if (c.server.max_body < 16) return "--max-body must be at least 16 bytes";
  return "";
}

int bind_listener(const std::string& host, int port, int& bound_port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1)
    throw std::runtime_error(fmt::format("--host '{}' is not an IPv4 address", host));
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(fmt::format("socket: {}", std::strerror(errno)));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 4096) != 0) {
    int e = errno;
    ::close(fd);
    throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", host, port, std::strerror(e)));
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  bound_port = ntohs(addr.sin_port);
  return fd;
}

void serve(const ServeConfig& cfg, const ReadyFn& ready) {
  if (auto problem = validate(cfg); !problem.empty()) throw std::invalid_argument(problem);
  auto model = make_model(cfg.model);
  ServeConfig run_cfg = cfg;
  run_cfg.workers = effective_workers(cfg);
  int port = 0;
  int fd = bind_listener(cfg.host, cfg.port, port);
  try {
    model->run(run_cfg, fd, [&](int) { ready(port); });
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

}  // namespace gilbench::models
