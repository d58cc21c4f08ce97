#include <arpa/inet.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>

#include "load/generator_check.h"
#include "load/load.h"
#include "load/request_log.h"
#include "load/request_spec.h"
#include "load/worker.h"
#include "workloads/registry.h"

namespace gilbench::load {

Url parse_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) {
    if (url.find("://") != std::string::npos)
      throw std::invalid_argument(fmt::format("unsupported URL scheme in '{}': only http:// is supported", url));
    throw std::invalid_argument(fmt::format("bad URL '{}': expected http://HOST:PORT/PATH", url));
  }
  Url u;
  std::string rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (u.path.find_first_of(" \r\n") != std::string::npos)
    throw std::invalid_argument(fmt::format("bad URL '{}': the path contains whitespace", url));
  if (authority.find('@') != std::string::npos)
    throw std::invalid_argument(fmt::format("bad URL '{}': user info is not supported", url));
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    authority.resize(colon);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) < 1 || std::stoi(port) > 65535)
      throw std::invalid_argument(fmt::format("bad URL '{}': port must be 1..65535", url));
    u.port = std::stoi(port);
  }
  if (authority.empty()) throw std::invalid_argument(fmt::format("bad URL '{}': no host", url));
  u.host = authority;
  u.ip = authority == "localhost" ? "127.0.0.1" : authority;
  in_addr a{};
  if (inet_pton(AF_INET, u.ip.c_str(), &a) != 1)
    throw std::invalid_argument(fmt::format(
        "bad URL '{}': host must be a numeric IPv4 address or localhost (no DNS lookups)", url));
  return u;
}

void validate(LoadConfig& c) {
  auto bad = [](const std::string& why) { throw std::invalid_argument(why); };
  parse_url(c.url);
  if (c.threads < 1 || c.threads > 256) bad("threads must be 1..256");
  if (c.connections < c.threads) bad(fmt::format("connections ({}) must be >= threads ({})", c.connections, c.threads));
  if (c.connections > 100000) bad("connections must be <= 100000");
  if (!(c.duration_s >= 0) || c.duration_s > 86400) bad("duration must be 0..86400 s");
  if (c.duration_s == 0 && c.max_requests == 0) bad("give a duration, a request count, or both");
  if (!(c.warmup_s >= 0) || c.warmup_s > 3600) bad("warmup must be 0..3600 s");
  if (!(c.timeout_s > 0) || c.timeout_s > 3600) bad("timeout must be > 0 and <= 3600 s");
  if (!(c.rate_rps >= 0) || c.rate_rps > 1e8) bad("rate must be 0 (closed loop) .. 1e8 req/s");
  if (!(c.spin_us >= 0) || c.spin_us > 1e6) bad("spin must be 0..1e6 us");
  if (!(c.drain_s >= 0) || c.drain_s > 3600) bad("drain must be 0..3600 s");
  const auto& r = c.request;
  if (r.method != "POST" && r.method != "GET") bad("method must be POST or GET");
  if (r.key_space < 1) bad("key space must be >= 1");
  if (r.key_dist != "uniform" && r.key_dist != "zipf") bad("key distribution must be uniform or zipf");
  if (!(r.zipf_s > 0)) bad("zipf exponent must be > 0");
  if (r.body.empty()) {
    const auto* w = workloads::find(r.mode);
    if (!w) bad(fmt::format("mode must be one of {}", workloads::names()));
    c.request.values = workloads::complete(*w, r.values);  // throws with the server's message
  }
}

namespace {

// One blocking connect before the threads start, so that a wrong port or a
// server that is not up yet is a clear error instead of a run of connect errors.
void preflight(const sockaddr_in& addr, const Url& url, double timeout_s) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw LoadError(fmt::format("socket: {}", std::strerror(errno)));
  int err = 0;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      const int n = ::poll(&p, 1, static_cast<int>(std::ceil(std::min(timeout_s, 10.0) * 1000)));
      socklen_t len = sizeof err;
      if (n == 1) getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      else err = ETIMEDOUT;
    }
  }
  ::close(fd);
  if (err != 0)
    throw LoadError(fmt::format("cannot connect to {}:{}: {}", url.ip, url.port, std::strerror(err)));
}

void merge_into(LoadResult& to, const LoadResult& from) {
  to.scheduled += from.scheduled;
  to.issued += from.issued;
  to.requests += from.requests;
  to.ok += from.ok;
  to.ok_completed += from.ok_completed;
  to.errors.connect += from.errors.connect;
  to.errors.read += from.errors.read;
  to.errors.protocol += from.errors.protocol;
  to.errors.write += from.errors.write;
  to.errors.timeout += from.errors.timeout;
  to.errors.status += from.errors.status;
  for (const auto& [code, n] : from.errors.by_status) to.errors.by_status[code] += n;
  to.censored += from.censored;
  to.in_flight_end += from.in_flight_end;
  to.not_issued_end += from.not_issued_end;
  to.starved += from.starved;
  to.bytes_read += from.bytes_read;
  to.warmup_requests += from.warmup_requests;
  to.warmup_errors += from.warmup_errors;
  to.connects += from.connects;
  to.closed_by_server += from.closed_by_server;
  to.connections_peak += from.connections_peak;
  to.latency.merge(from.latency);
  to.ulatency.merge(from.ulatency);
  to.err_latency.merge(from.err_latency);
  to.send_delay.merge(from.send_delay);
  to.gen_lag.merge(from.gen_lag);
  to.queue.merge(from.queue);
  to.service.merge(from.service);
  to.gil_wait.merge(from.gil_wait);
  to.ipc.merge(from.ipc);
  if (to.timeline.size() < from.timeline.size()) to.timeline.resize(from.timeline.size());
  for (std::size_t i = 0; i < from.timeline.size(); ++i) {
    auto& a = to.timeline[i];
    const auto& b = from.timeline[i];
    a.t_s = static_cast<double>(i);
    a.requests += b.requests;
    a.ok += b.ok;
    a.errors += b.errors;
    a.lat_mean_us += b.lat_mean_us;  // still sums, over 2xx answers
    a.lat_max_us = std::max(a.lat_max_us, b.lat_max_us);
  }
}

}  // namespace

LoadResult run_load(const LoadConfig& given, const std::atomic<bool>* stop) {
  LoadConfig config = given;
  validate(config);
  const Url url = parse_url(config.url);
  RunShared sh;
  sh.addr.sin_family = AF_INET;
  sh.addr.sin_port = htons(static_cast<std::uint16_t>(url.port));
  inet_pton(AF_INET, url.ip.c_str(), &sh.addr.sin_addr);
  preflight(sh.addr, url, config.timeout_s);

  std::ofstream log_file;
  if (!config.request_log.empty()) {
    log_file.open(config.request_log);
    if (!log_file) throw std::invalid_argument(fmt::format("cannot write the request log to {}", config.request_log));
  }
  const RequestPool pool(config.request, url);
  sh.pool = &pool;
  sh.timeout_ns = static_cast<std::int64_t>(config.timeout_s * 1e9);
  sh.spin_ns = static_cast<std::int64_t>(config.spin_us * 1e3);
  sh.log_requests = !config.request_log.empty();
  sh.limited = config.max_requests > 0;
  sh.budget = static_cast<std::int64_t>(config.max_requests);
  sh.stop = stop;

  const int t = config.threads;
  const double thread_rate = config.rate_rps / t;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < t; ++i) {
    const int conns = config.connections / t + (i < config.connections % t ? 1 : 0);
    const auto phase = config.rate_rps > 0 ? static_cast<std::int64_t>(1e9 * i / config.rate_rps) : 0;
    workers.push_back(std::make_unique<Worker>(sh, conns, thread_rate, phase, pool.size() * i / t));
  }
  sh.t0_ns = now_ns();
  sh.measure_start_ns = sh.t0_ns + static_cast<std::int64_t>(config.warmup_s * 1e9);
  sh.end_ns = config.duration_s > 0 ? sh.measure_start_ns + static_cast<std::int64_t>(config.duration_s * 1e9) : 0;
  sh.drain_end_ns = sh.end_ns ? sh.end_ns + static_cast<std::int64_t>(config.drain_s * 1e9) : 0;

  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w] { w->run(); });
  for (auto& th : threads) th.join();

  LoadResult r;
  r.config = config;
  r.loop = config.rate_rps > 0 ? "open" : "closed";
  std::int64_t finished = sh.measure_start_ns;
  double area = 0, cpu_ns = 0, wall_ns = 0;
  std::uint64_t sent_in_window = 0;
  for (auto& w : workers) {
    merge_into(r, w->result());
    finished = std::max(finished, w->finished_ns());
    area += w->connection_ns();
    cpu_ns += static_cast<double>(w->busy_cpu_ns());
    wall_ns += static_cast<double>(std::max<std::int64_t>(0, w->cpu_wall_ns()));
    sent_in_window += w->sent_in_window();
  }
  const std::int64_t log_end = finished;
  if (sh.end_ns) finished = std::min(finished, sh.end_ns);
  const std::int64_t window = finished - sh.measure_start_ns;
  r.duration_s = static_cast<double>(window) / 1e9;
  r.connections_mean = window > 0 ? area / static_cast<double>(window) : 0;
  r.lat_clamped = r.latency.clamped();
  r.gen.cpu_pct = wall_ns > 0 ? std::max(0.0, 100.0 * cpu_ns / wall_ns) : 0;
  r.gen.intended_rps = config.rate_rps;
  r.gen.achieved_rps = r.duration_s > 0 ? static_cast<double>(sent_in_window) / r.duration_s : 0;
  judge_generator(r);
  for (auto& p : r.timeline) p.lat_mean_us = p.ok ? p.lat_mean_us / static_cast<double>(p.ok) : 0;
  // Seconds with no answer at all still belong on the timeline.
  const auto seconds = static_cast<std::size_t>(std::ceil(r.duration_s - 1e-9));
  if (r.timeline.size() < seconds) {
    const std::size_t old = r.timeline.size();
    r.timeline.resize(seconds);
    for (std::size_t i = old; i < seconds; ++i) r.timeline[i].t_s = static_cast<double>(i);
  }
  if (sh.log_requests) {
    std::vector<RequestRecord> all;
    for (auto& w : workers) all.insert(all.end(), w->records().begin(), w->records().end());
    write_request_log(log_file, std::move(all), sh.measure_start_ns, window,
                      sh.end_ns ? std::min(log_end, sh.drain_end_ns) : log_end);
    log_file.flush();
    if (!log_file) throw std::runtime_error(fmt::format("cannot write the request log to {}", config.request_log));
  }
  return r;
}

}  // namespace gilbench::load
