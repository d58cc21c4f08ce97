#include "sweep/outside_target.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <thread>

#include "load/load.h"
#include "sweep/metrics_probe.h"
#include "sweep/target.h"

namespace gilbench::sweep {

void wait_url_ready(const TargetSpec& t, std::chrono::milliseconds timeout) {
  const auto u = load::parse_url(t.url);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int last = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    last = http_get(u.ip, u.port, t.ready, std::chrono::seconds(1)).status;
    if (last == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw TargetError(fmt::format("{}{} did not answer 200 within {:.1f} s ({})", t.url, t.ready,
                                timeout.count() / 1000.0, last ? fmt::format("last status {}", last) : "no answer"));
}

RemoteProcess scrape_process(const TargetSpec& t, std::chrono::milliseconds timeout) {
  const auto u = load::parse_url(t.url);
  RemoteProcess p;
  auto answer = http_get(u.ip, u.port, "/metrics", timeout);
  if (answer.status != 200) {
    p.why_not = answer.status ? fmt::format("not measured: {}/metrics answered {}", t.url, answer.status)
                              : fmt::format("not measured: {}/metrics did not answer", t.url);
    return p;
  }
  p.cpu_s = metric_sum(answer.body, "process_cpu_seconds_total");
  p.rss_bytes = metric_sum(answer.body, "process_resident_memory_bytes");
  if (!p.cpu_s && !p.rss_bytes)
    p.why_not = "not measured: /metrics has no process_cpu_seconds_total or process_resident_memory_bytes";
  return p;
}

void fill_remote_proc(results::Row& row, const RemoteProcess& before, const RemoteProcess& after, double duration_s) {
  std::string note = !before.why_not.empty() ? before.why_not : after.why_not;
  if (before.cpu_s && after.cpu_s && duration_s > 0) {
    const double cpu = *after.cpu_s - *before.cpu_s;
    row["cpu_user_s"] = fmt::format("{:.3f}", cpu);
    row["cpu_util"] = fmt::format("{:.3f}", cpu / duration_s);
  }
  // The metric is a gauge of one process, read after the window: not a peak.
  if (after.rss_bytes) row["rss_kb"] = fmt::format("{:.0f}", *after.rss_bytes / 1024);
  if (note.empty())
    note = "from /metrics: cpu_user_s is user+sys of process_cpu_seconds_total, rss_kb the gauge after the window; "
           "pss, ctx switches, threads and processes not measured";
  row["proc_note"] = note;
}

void fill_runtime(results::Row& row, const std::string& body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return;
  const auto& o = v.as_object();
  if (auto* l = o.if_contains("loop"); l && l->is_string()) row["server_loop"] = std::string(l->get_string());
  if (auto* h = o.if_contains("http"); h && h->is_string()) row["server_http"] = std::string(h->get_string());
  // gilbench's python engine: which interpreter, and its GIL (docs/python-engine.md).
  for (const char* k : {"python_version", "python_free_threaded", "python_gil", "python_build"})
    if (auto* f = o.if_contains(k); f && f->is_string()) row[k] = std::string(f->get_string());
}

}  // namespace gilbench::sweep
