// Reporters for LoadResult: the human summary (modelled on wrk's), JSON, the
// CSV row of docs/csv-schema.md's `load` group, and the per-second timeline.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>

#include "load/json_write.h"
#include "workloads/registry.h"
#include "load/load.h"

namespace gilbench::load {

namespace {

constexpr double kSpectrum[] = {0,  10, 20, 25, 30, 40,   50,   60,   70,    75,     80,
                                90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100};
constexpr std::pair<double, const char*> kSummary[] = {
    {50, "50.000%"}, {90, "90.000%"}, {95, "95.000%"}, {99, "99.000%"}, {99.9, "99.900%"}, {100, "100.000%"}};

std::string us_text(double us) {
  if (us < 1000) return fmt::format("{:.2f}us", us);
  if (us < 1'000'000) return fmt::format("{:.2f}ms", us / 1000);
  return fmt::format("{:.2f}s", us / 1'000'000);
}

std::string bytes_text(double b) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1024 && u < 4) b /= 1024, ++u;
  return fmt::format("{:.2f}{}", b, units[u]);
}

std::string workload_of(const LoadResult& r) {
  return r.config.request.body.empty() ? r.config.request.mode : "";
}

boost::json::object hist_json(const Histogram& h) {
  boost::json::object o;
  o["count"] = h.count();
  o["min_us"] = h.min();
  o["max_us"] = h.max();
  o["mean_us"] = h.mean();
  o["stdev_us"] = h.stdev();
  o["clamped"] = h.clamped();
  boost::json::array spectrum;
  for (double p : kSpectrum) {
    boost::json::object point;
    point["percentile"] = p;
    point["value_us"] = h.percentile(p);
    spectrum.push_back(std::move(point));
  }
  o["percentiles"] = std::move(spectrum);
  return o;
}

std::string opt_pct(const Histogram& h, double p) {
  return h.count() ? std::to_string(h.percentile(p)) : std::string{};
}

}  // namespace

void write_summary(std::ostream& out, const LoadResult& r) {
  const auto& c = r.config;
  const std::string workload = workload_of(r).empty() ? "raw body" : "workload " + workload_of(r);
  out << fmt::format("Running {:.2f}s load @ {}\n", r.duration_s, c.url);
  out << fmt::format("  {} threads and {} connections, {} loop{}, {}\n", c.threads, c.connections, r.loop,
                     r.loop == "open" ? fmt::format(" at {:.0f} req/s", c.rate_rps) : "", workload);
  if (c.segment_count > 1)
    out << fmt::format("  Segment {}/{} of a load split over {} generators\n", c.segment_index + 1, c.segment_count,
                       c.segment_count);
  if (r.generators > 1)
    out << fmt::format("  Merged from {} generators; their windows started {:.1f} ms apart (plus the clocks' offset)\n",
                       r.generators, r.start_skew_s * 1000);
  if (r.start_late_s > 0.001)
    out << fmt::format("  Started {:.1f} ms after --start-at\n", r.start_late_s * 1000);
  out << "  Thread Stats   Avg      Stdev     Max\n";
  out << fmt::format("    Latency   {:>8} {:>8} {:>8}\n", us_text(r.latency.mean()), us_text(r.latency.stdev()),
                     us_text(static_cast<double>(r.latency.max())));
  const bool open = r.loop == "open";
  out << fmt::format("  Latency Distribution, 2xx answers{}\n",
                     open ? " and censored (corrected | uncorrected, 2xx only)" : " and censored");
  for (const auto& [p, label] : kSummary) {
    out << fmt::format("  {:>8}  {:>9}", label, us_text(static_cast<double>(r.latency.percentile(p))));
    if (open) out << fmt::format("  {:>9}", us_text(static_cast<double>(r.ulatency.percentile(p))));
    out << "\n";
  }
  if (r.queue.count() || r.service.count())
    out << fmt::format("  Server-reported: queue p50 {} p99 {}, service p50 {} p99 {}\n",
                       us_text(static_cast<double>(r.queue.percentile(50))),
                       us_text(static_cast<double>(r.queue.percentile(99))),
                       us_text(static_cast<double>(r.service.percentile(50))),
                       us_text(static_cast<double>(r.service.percentile(99))));
  if (r.gil_wait.count() || r.ipc.count())
    out << fmt::format("  Server-reported: gil_wait p50 {} p99 {}, ipc p50 {} p99 {}\n",
                       us_text(static_cast<double>(r.gil_wait.percentile(50))),
                       us_text(static_cast<double>(r.gil_wait.percentile(99))),
                       us_text(static_cast<double>(r.ipc.percentile(50))),
                       us_text(static_cast<double>(r.ipc.percentile(99))));
  if (open)
    out << fmt::format("  Send delay behind schedule: p50 {} p99 {} max {} (generator's own lag p50 {} p99 {})\n",
                       us_text(static_cast<double>(r.send_delay.percentile(50))),
                       us_text(static_cast<double>(r.send_delay.percentile(99))),
                       us_text(static_cast<double>(r.send_delay.max())),
                       us_text(static_cast<double>(r.gen_lag.percentile(50))),
                       us_text(static_cast<double>(r.gen_lag.percentile(99))));
  out << fmt::format("  {} requests scheduled in {:.2f}s: {} answered ({} ok), {} read\n", r.scheduled,
                     r.duration_s, r.requests, r.ok, bytes_text(static_cast<double>(r.bytes_read)));
  const auto& e = r.errors;
  if (e.connect || e.read || e.write || e.timeout || e.status) {
    out << fmt::format("  Errors: connect {}, read {} (protocol {}), write {}, timeout {}, status {}", e.connect,
                       e.read, e.protocol, e.write, e.timeout, e.status);
    for (const auto& [code, n] : e.by_status) out << fmt::format(" [{}: {}]", code, n);
    out << "\n";
  }
  if (r.err_latency.count())
    out << fmt::format("  Non-2xx answers (not in the latency above): p50 {} p99 {}\n",
                       us_text(static_cast<double>(r.err_latency.percentile(50))),
                       us_text(static_cast<double>(r.err_latency.percentile(99))));
  if (r.censored)
    out << fmt::format("  Censored (unanswered {:.1f}s after the window, in the latency at the deadline): {} "
                       "({} in flight, {} never sent)\n",
                       c.drain_s, r.censored, r.in_flight_end, r.not_issued_end);
  if (r.lat_clamped) out << fmt::format("  Latency samples clamped at 60 s: {}\n", r.lat_clamped);
  out << fmt::format("  Failure share: {:.2f}%{}\n", 100 * r.failure_share(),
                     r.failure_share() > 0.01 ? " (DEGRADED: above 1%)" : "");
  out << fmt::format("  Generator: CPU {:.0f}% of {} thread(s), {:.0f} req/s sent{}{}\n", r.gen.cpu_pct,
                     c.threads, r.gen.achieved_rps,
                     open ? fmt::format(" of {:.0f} intended", r.gen.intended_rps) : std::string{},
                     r.gen.bound ? " -- GENERATOR-BOUND: " + r.gen.reason : std::string{});
  if (r.connections_mean + 0.5 < c.connections)
    out << fmt::format("  Concurrency shortfall: {:.1f} of {} connections open on average\n",
                       r.connections_mean, c.connections);
  out << fmt::format("Requests/sec: {:>10.2f}\n", r.throughput_rps());
  out << fmt::format("Transfer/sec: {:>10}\n",
                     bytes_text(r.duration_s > 0 ? static_cast<double>(r.bytes_read) / r.duration_s : 0));
}

void write_json(std::ostream& out, const LoadResult& r) {
  const auto& c = r.config;
  boost::json::object cfg;
  cfg["url"] = c.url;
  cfg["threads"] = c.threads;
  cfg["connections"] = c.connections;
  cfg["duration_s"] = c.duration_s;
  cfg["warmup_s"] = c.warmup_s;
  cfg["max_requests"] = c.max_requests;
  cfg["timeout_s"] = c.timeout_s;
  cfg["rate_rps"] = c.rate_rps;
  cfg["spin_us"] = c.spin_us;
  cfg["drain_s"] = c.drain_s;
  cfg["method"] = c.request.method;
  if (c.request.body.empty()) {
    cfg["workload"] = c.request.mode;
    const auto* w = workloads::find(c.request.mode);
    for (const auto& f : w ? w->fields() : std::span<const workloads::Field>{}) {
      auto it = c.request.values.find(f.name);
      if (it == c.request.values.end() || it->second.empty()) continue;
      // Numbers as JSON numbers: the values are checked text (load.h).
      cfg[f.name] = f.type == workloads::Field::Type::text ? boost::json::value(it->second)
                                                           : boost::json::parse(it->second);
    }
    if (w && w->keyed()) {
      cfg["key_space"] = c.request.key_space;
      cfg["key_dist"] = c.request.key_dist;
      if (c.request.key_dist == "zipf") cfg["zipf_s"] = c.request.zipf_s;
    }
  } else {
    cfg["body"] = c.request.body;
  }
  boost::json::object o;
  if (c.segment_count > 1) cfg["segment"] = fmt::format("{}/{}", c.segment_index + 1, c.segment_count);
  if (c.start_at_unix > 0) cfg["start_at_unix"] = c.start_at_unix;
  o["config"] = std::move(cfg);
  o["loop"] = r.loop;
  o["window_start_unix"] = r.window_start_unix;
  o["start_late_s"] = r.start_late_s;
  o["generators"] = r.generators;
  o["start_skew_s"] = r.start_skew_s;
  o["duration_s"] = r.duration_s;
  o["scheduled"] = r.scheduled;
  o["issued"] = r.issued;
  o["requests"] = r.requests;
  o["ok"] = r.ok;
  o["ok_completed"] = r.ok_completed;
  o["throughput_rps"] = r.throughput_rps();
  boost::json::object errors;
  for (auto [name, count] : kErrorClasses) errors[name] = r.errors.*count;
  boost::json::object by_status;
  for (const auto& [code, n] : r.errors.by_status) by_status[std::to_string(code)] = n;
  errors["by_status"] = std::move(by_status);
  o["errors"] = std::move(errors);
  o["censored"] = r.censored;
  o["in_flight_end"] = r.in_flight_end;
  o["not_issued_end"] = r.not_issued_end;
  o["starved"] = r.starved;
  o["lat_clamped"] = r.lat_clamped;
  o["failure_share"] = r.failure_share();
  boost::json::object gen;
  gen["cpu_pct"] = r.gen.cpu_pct;
  gen["intended_rps"] = r.gen.intended_rps;
  gen["achieved_rps"] = r.gen.achieved_rps;
  gen["bound"] = r.gen.bound;
  gen["reason"] = r.gen.reason;
  o["generator"] = std::move(gen);
  o["bytes_read"] = r.bytes_read;
  o["warmup_requests"] = r.warmup_requests;
  o["warmup_errors"] = r.warmup_errors;
  o["connects"] = r.connects;
  o["closed_by_server"] = r.closed_by_server;
  o["connections_peak"] = r.connections_peak;
  o["connections_mean"] = r.connections_mean;
  o["latency"] = hist_json(r.latency);
  o["ulatency"] = hist_json(r.ulatency);
  if (r.err_latency.count()) o["err_latency"] = hist_json(r.err_latency);
  if (r.loop == "open") o["send_delay"] = hist_json(r.send_delay);
  if (r.loop == "open") o["gen_lag"] = hist_json(r.gen_lag);
  if (r.queue.count()) o["queue"] = hist_json(r.queue);
  if (r.service.count()) o["service"] = hist_json(r.service);
  if (r.gil_wait.count()) o["gil_wait"] = hist_json(r.gil_wait);
  if (r.ipc.count()) o["ipc"] = hist_json(r.ipc);
  boost::json::array timeline;
  for (const auto& p : r.timeline) {
    boost::json::object t;
    t["t_s"] = p.t_s;
    t["requests"] = p.requests;
    t["ok"] = p.ok;
    t["errors"] = p.errors;
    t["lat_mean_us"] = p.lat_mean_us;
    t["lat_max_us"] = p.lat_max_us;
    timeline.push_back(std::move(t));
  }
  o["timeline"] = std::move(timeline);
  write_json_value(out, o);
  out << "\n";
}

std::vector<std::pair<std::string, std::string>> csv_fields(const LoadResult& r) {
  const auto& c = r.config;
  const std::string workload = workload_of(r);
  const bool open = r.loop == "open";
  std::vector<std::pair<std::string, std::string>> out = {{"workload", workload}};
  // The workload parameter columns of results.csv, empty where not this workload's.
  for (auto& col : workloads::columns()) {
    auto it = c.request.values.find(col);
    out.emplace_back(col, it == c.request.values.end() ? "" : it->second);
  }
  const auto* w = workloads::find(workload);
  out.emplace_back("key_dist", w && w->keyed() ? c.request.key_dist : "");
  std::vector<std::pair<std::string, std::string>> rest = {
      {"loop", r.loop},
      {"connections", std::to_string(c.connections)},
      {"threads", std::to_string(c.threads)},
      {"rate_rps", open ? fmt::format("{}", c.rate_rps) : ""},
      {"duration_s", fmt::format("{:.3f}", r.duration_s)},
      {"warmup_s", fmt::format("{}", c.warmup_s)},
      {"requests", std::to_string(r.requests)},
      {"ok", std::to_string(r.ok)},
      {"errors_connect", std::to_string(r.errors.connect)},
      {"errors_read", std::to_string(r.errors.read)},
      {"errors_write", std::to_string(r.errors.write)},
      {"errors_timeout", std::to_string(r.errors.timeout)},
      {"errors_status", std::to_string(r.errors.status)},
      {"in_flight_end", std::to_string(r.in_flight_end)},
      {"throughput_rps", fmt::format("{:.1f}", r.throughput_rps())},
      {"lat_mean_us", r.latency.count() ? fmt::format("{:.1f}", r.latency.mean()) : ""},
      {"lat_stdev_us", r.latency.count() ? fmt::format("{:.1f}", r.latency.stdev()) : ""},
      {"lat_p50_us", opt_pct(r.latency, 50)},
      {"lat_p90_us", opt_pct(r.latency, 90)},
      {"lat_p95_us", opt_pct(r.latency, 95)},
      {"lat_p99_us", opt_pct(r.latency, 99)},
      {"lat_p999_us", opt_pct(r.latency, 99.9)},
      {"lat_max_us", r.latency.count() ? std::to_string(r.latency.max()) : ""},
      {"ulat_p50_us", opt_pct(r.ulatency, 50)},
      {"ulat_p99_us", opt_pct(r.ulatency, 99)},
      {"queue_p50_us", opt_pct(r.queue, 50)},
      {"queue_p99_us", opt_pct(r.queue, 99)},
      {"service_p50_us", opt_pct(r.service, 50)},
      {"service_p99_us", opt_pct(r.service, 99)},
      {"censored", std::to_string(r.censored)},
      {"not_issued_end", open ? std::to_string(r.not_issued_end) : ""},
      {"err_lat_p50_us", opt_pct(r.err_latency, 50)},
      {"err_lat_p99_us", opt_pct(r.err_latency, 99)},
      {"lat_clamped", std::to_string(r.lat_clamped)},
      {"send_delay_p50_us", open ? opt_pct(r.send_delay, 50) : ""},
      {"send_delay_p99_us", open ? opt_pct(r.send_delay, 99) : ""},
      {"gen_cpu_pct", fmt::format("{:.1f}", r.gen.cpu_pct)},
      {"achieved_rps", fmt::format("{:.1f}", r.gen.achieved_rps)},
      {"generator_bound", r.gen.bound ? "1" : "0"},
      {"generator_reason", r.gen.reason},
      {"gil_wait_p50_us", opt_pct(r.gil_wait, 50)},
      {"gil_wait_p99_us", opt_pct(r.gil_wait, 99)},
      {"ipc_p50_us", opt_pct(r.ipc, 50)},
      {"ipc_p99_us", opt_pct(r.ipc, 99)},
  };
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

void write_csv_header(std::ostream& out) {
  std::string line;
  static const LoadResult empty;
  for (const auto& [name, value] : csv_fields(empty)) line += (line.empty() ? "" : ",") + name;
  out << line << "\n";
}

void write_csv_row(std::ostream& out, const LoadResult& r) {
  // No value can contain a comma, quote or newline (numbers and fixed words).
  std::string line;
  bool first = true;
  for (const auto& [name, value] : csv_fields(r)) {
    if (!first) line += ',';
    line += value;
    first = false;
  }
  out << line << "\n";
}

void write_timeline(std::ostream& out, const LoadResult& r) {
  out << "t_s,requests,ok,errors,lat_mean_us,lat_max_us\n";
  for (const auto& p : r.timeline)
    out << fmt::format("{},{},{},{},{:.1f},{}\n", p.t_s, p.requests, p.ok, p.errors, p.lat_mean_us,
                       p.lat_max_us);
}

}  // namespace gilbench::load
