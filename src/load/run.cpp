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
#include <chrono>
#include <thread>

#include "load/generator_check.h"
#include "load/merge.h"
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
  if (c.segment_count < 1 || c.segment_index < 0 || c.segment_index >= c.segment_count)
    bad(fmt::format("segment {}/{} does not exist (i/N with 1 <= i <= N)", c.segment_index + 1, c.segment_count));
  if (!(c.start_at_unix >= 0)) bad("start time must be a Unix time in seconds");
  if (c.start_at_unix > 0 && c.start_at_unix > unix_now() + 86400) bad("start time is more than a day ahead");
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

LoadConfig segment_share(const LoadConfig& c) {
  LoadConfig s = c;
  const int n = c.segment_count, i = c.segment_index;
  if (n < 1 || i < 0 || i >= n) throw std::invalid_argument(fmt::format("segment {}/{} does not exist", i + 1, n));
  s.rate_rps = c.rate_rps / n;
  s.connections = c.connections / n + (i < c.connections % n ? 1 : 0);
  if (s.connections < s.threads)
    throw std::invalid_argument(fmt::format("segment {}/{} gets {} of {} connections, fewer than its {} thread(s)", i + 1,
                                            n, s.connections, c.connections, s.threads));
  return s;
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

// Sleeps until the wall-clock time `at`, in short steps so that *stop is
// honoured; returns how late it woke (0 when `at` is still ahead).
double wait_until_unix(double at, const std::atomic<bool>* stop) {
  for (;;) {
    const double late = unix_now() - at;
    if (late >= 0) return late;
    if (stop && stop->load()) return 0;
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(-late, 0.05)));
  }
}

}  // namespace

LoadResult run_load(const LoadConfig& given, const std::atomic<bool>* stop) {
  LoadConfig config = given;
  validate(config);
  config = segment_share(config);
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
  // Thread i of segment s is thread i * segments + s of one generator with
  // every segment's threads: same rate, same phase, same body offset.
  const int segs = config.segment_count;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < t; ++i) {
    const int conns = config.connections / t + (i < config.connections % t ? 1 : 0);
    const int k = i * segs + config.segment_index;
    const auto phase = config.rate_rps > 0 ? static_cast<std::int64_t>(1e9 * k / (config.rate_rps * segs)) : 0;
    workers.push_back(std::make_unique<Worker>(sh, conns, thread_rate, phase, pool.size() * k / (t * segs)));
  }
  LoadResult r;
  if (config.start_at_unix > 0) r.start_late_s = wait_until_unix(config.start_at_unix, stop);
  sh.t0_ns = now_ns();
  r.window_start_unix = unix_now() + config.warmup_s;
  sh.measure_start_ns = sh.t0_ns + static_cast<std::int64_t>(config.warmup_s * 1e9);
  sh.end_ns = config.duration_s > 0 ? sh.measure_start_ns + static_cast<std::int64_t>(config.duration_s * 1e9) : 0;
  sh.drain_end_ns = sh.end_ns ? sh.end_ns + static_cast<std::int64_t>(config.drain_s * 1e9) : 0;

  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w] { w->run(); });
  for (auto& th : threads) th.join();

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
