#include "pool/pool.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "pool/pool_impl.h"
#include "results/values.h"
#include "workloads/registry.h"
#include "workloads/request.h"

namespace gilbench::pool {

Percentiles percentiles(std::vector<std::int64_t>& us) {
  Percentiles p;
  if (us.empty()) return p;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    auto i = static_cast<std::size_t>(q * static_cast<double>(us.size() - 1) + 0.5);
    return us[std::min(i, us.size() - 1)];
  };
  p.mean_us = std::accumulate(us.begin(), us.end(), 0.0) / static_cast<double>(us.size());
  p.p50_us = at(0.50);
  p.p99_us = at(0.99);
  p.max_us = us.back();
  return p;
}

PoolResult run_pool(const PoolConfig& c) {
  if (c.kind != "threads" && c.kind != "procs")
    throw std::invalid_argument("pool kind must be threads or procs, not '" + c.kind + "'");
  if (c.workers < 1 || c.tasks < 1 || c.queue < 1)
    throw std::invalid_argument("workers, tasks and queue must be at least 1");
  const workloads::Request task = make_task(c);  // throws for a bad mode or value
  Samples s;
  s.queue_us.assign(static_cast<std::size_t>(c.tasks), -1);
  s.service_us.assign(static_cast<std::size_t>(c.tasks), -1);
  s.enqueue_us.assign(static_cast<std::size_t>(c.tasks), 0);
  PoolResult r;
  r.config = c;
  r.config.values = workloads::complete(*task.workload, c.values);  // with defaults, for the CSV
  r.error = c.kind == "threads" ? run_threads(c, task, s) : run_procs(c, task, s);
  std::vector<std::int64_t> q, sv;
  for (std::size_t i = 0; i < s.service_us.size(); ++i)
    if (s.service_us[i] >= 0) {
      q.push_back(std::max<std::int64_t>(0, s.queue_us[i]));
      sv.push_back(s.service_us[i]);
    }
  r.completed = static_cast<int>(sv.size());
  r.wall_s = s.wall_s;
  r.throughput_tps = s.wall_s > 0 ? r.completed / s.wall_s : 0;
  r.service = percentiles(sv);
  r.queue_wait = percentiles(q);
  r.enqueue_wait = percentiles(s.enqueue_us);
  if (r.error.empty() && r.completed != c.tasks)
    r.error = fmt::format("only {} of {} tasks completed", r.completed, c.tasks);
  return r;
}

workloads::Request make_task(const PoolConfig& c) {
  const auto* w = workloads::find(c.mode);
  if (!w)
    throw std::invalid_argument(fmt::format("pool workload must be one of {}, not '{}'", workloads::names(), c.mode));
  auto parsed = workloads::parse_score(w->body(workloads::complete(*w, c.values)), api::Limits::widest());
  if (!parsed.ok()) throw std::invalid_argument(parsed.error.detail);
  return std::move(*parsed.request);
}

const std::vector<std::string>& pool_columns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> c = {"kind", "engine", "workload"};
    for (auto& p : workloads::columns()) c.push_back(p);
    for (const char* n : {"workers", "tasks", "queue", "status", "error", "completed", "wall_s",
                          "throughput_tps", "service_mean_us", "service_p50_us", "service_p99_us",
                          "queue_mean_us", "queue_p50_us", "queue_p99_us", "enqueue_mean_us",
                          "enqueue_p50_us", "enqueue_p99_us"})
      c.push_back(n);
    return c;
  }();
  return cols;
}

results::Row pool_row(const PoolResult& r) {
  const auto& c = r.config;
  results::Row row{{"kind", c.kind},
                 {"engine", c.engine},
                 {"workload", c.mode},
                 {"workers", std::to_string(c.workers)},
                 {"tasks", std::to_string(c.tasks)},
                 {"queue", std::to_string(c.queue)},
                 {"status", std::string(results::to_string(r.error.empty() ? results::Status::ok : results::Status::failed))},
                 {"error", r.error},
                 {"completed", std::to_string(r.completed)}};
  for (auto& col : workloads::columns())
    if (auto it = c.values.find(col); it != c.values.end()) row[col] = it->second;
  if (r.completed == 0) return row;
  row["wall_s"] = fmt::format("{:.4f}", r.wall_s);
  row["throughput_tps"] = fmt::format("{:.2f}", r.throughput_tps);
  auto put = [&](const char* name, const Percentiles& p) {
    row[fmt::format("{}_mean_us", name)] = fmt::format("{:.1f}", p.mean_us);
    row[fmt::format("{}_p50_us", name)] = std::to_string(p.p50_us);
    row[fmt::format("{}_p99_us", name)] = std::to_string(p.p99_us);
  };
  put("service", r.service);
  put("queue", r.queue_wait);
  put("enqueue", r.enqueue_wait);
  return row;
}

void write_pool_table(std::ostream& out, const std::vector<PoolResult>& results) {
  out << fmt::format("{:<8} {:<7} {:>7} {:>10} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}\n", "kind",
                     "engine", "workers", "tasks/s", "service avg", "service p99", "queue p50",
                     "queue p99", "enqueue avg", "enqueue p99");
  for (auto& r : results) {
    const auto& c = r.config;
    if (!r.error.empty() && r.completed == 0) {
      out << fmt::format("{:<8} {:<7} {:>7}  FAILED: {}\n", c.kind, c.engine, c.workers, r.error);
      continue;
    }
    auto ms = [](double us) { return fmt::format("{:.2f} ms", us / 1000.0); };
    out << fmt::format("{:<8} {:<7} {:>7} {:>10.1f} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}{}\n", c.kind,
                       c.engine, c.workers, r.throughput_tps, ms(r.service.mean_us),
                       ms(static_cast<double>(r.service.p99_us)), ms(static_cast<double>(r.queue_wait.p50_us)),
                       ms(static_cast<double>(r.queue_wait.p99_us)), ms(r.enqueue_wait.mean_us),
                       ms(static_cast<double>(r.enqueue_wait.p99_us)),
                       r.error.empty() ? "" : "  (" + r.error + ")");
  }
}

}  // namespace gilbench::pool
