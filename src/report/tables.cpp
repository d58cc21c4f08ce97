// The detail sections of the report: per-workload tables, peers, memory,
// pool, capacity, run quality (noise, unclean cells) and the run context.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

#include "report/figures.h"
#include "report/marks.h"
#include "report/plots.h"
#include "report/sections.h"

namespace gilbench::report {

namespace {
// "median" or "median (min–max)" when repetitions disagree.
std::string cell(const Point& p, const std::string& m, double scale = 1) {
  auto it = p.m.find(m);
  if (it == p.m.end() || it->second.n == 0) return "–";
  const Stat& s = it->second;
  if (s.n < 2 || s.min == s.max) return fmt_num(s.median * scale);
  return fmt::format("{} ({}–{})", fmt_num(s.median * scale), fmt_num(s.min * scale), fmt_num(s.max * scale));
}

// A latency percentile q (0.99 for p99) whose rank reaches a censored
// request of some repetition is a lower bound (the censored sample entered
// the histogram at its time so far): "≥ x". Rank reached when censored /
// requests > 1 - q in a repetition; the worst repetition decides.
std::string latency_cell(const Point& p, const std::string& m, double q) {
  std::string s = cell(p, m, 1e-3);
  auto c = p.m.find("censored"), n = p.m.find("requests");
  if (s == "–" || c == p.m.end() || n == p.m.end() || n->second.min <= 0) return s;
  return c->second.max / n->second.min > 1 - q ? "≥ " + s : s;
}

std::string x_of(const Point& p) { return fmt::format("{:g}{}", p.x, p.loop == "open" ? "/s" : ""); }

void add_figure(Document& d, const std::vector<Plot>& plots, const std::string& name) {
  if (auto* p = find_plot(plots, name)) d.push_back(figure(*p));
}

// Median count of every error class with a column, nonzero ones named.
std::string errors(const Point& p) {
  std::string s;
  bool any_column = false;
  for (auto [col, name] : {std::pair{"errors_connect", "connect"}, std::pair{"errors_read", "read"},
                           std::pair{"errors_write", "write"}, std::pair{"errors_timeout", "timeout"},
                           std::pair{"errors_status", "status"}, std::pair{"censored", "censored"}}) {
    auto v = p.get(col);
    if (!v) continue;
    any_column = true;
    if (*v > 0) s += fmt::format("{}{} {:g}", s.empty() ? "" : ", ", name, std::round(*v * 2) / 2);  // counts: a median is n or n.5
  }
  return !any_column ? "–" : s.empty() ? "0" : s;
}

}  // namespace

void workload_blocks(Document& d, const Results& res, const std::vector<Plot>& plots) {
  std::set<std::pair<std::string, std::string>> wls;
  for (auto& p : res.points) wls.insert({p.workload, p.loop});
  for (auto& [wl, loop] : wls) {
    const std::string stem = workload_stem(wl, loop), level = loop == "open" ? "rate" : "concurrency";
    d.push_back(heading(fmt::format("Workload {} ({} loop)", wl, loop)));
    add_figure(d, plots, "throughput-" + stem);
    add_figure(d, plots, "scaling-" + stem);
    add_figure(d, plots, "latency-" + stem);
    auto t = table({"series", level, "repetitions", "throughput (req/s)", "p50 (ms)", "p95 (ms)", "p99 (ms)",
                    "p99.9 (ms)", "errors by class"});
    // The GIL wait (python) and the hand-off to the pool (offload) are
    // columns only where some point of the workload reports them.
    bool gil = false, ipc = false;
    for (auto& p : res.points)
      if (p.workload == wl && p.loop == loop) gil = gil || p.get("gil_wait_p50_us"), ipc = ipc || p.get("ipc_p50_us");
    std::vector<std::string> qh = {"series", level, "queue p50 (ms)", "queue p99 (ms)", "service p50 (ms)", "service p99 (ms)"};
    if (gil) qh.insert(qh.end(), {"GIL wait p50 (ms)", "GIL wait p99 (ms)"});
    if (ipc) qh.insert(qh.end(), {"IPC p50 (ms)", "IPC p99 (ms)"});
    qh.insert(qh.end(), {"CPU (cores)", "ctx switches / request"});
    auto q = table(qh);
    for (auto& p : res.points) {
      if (p.workload != wl || p.loop != loop) continue;
      t.rows.push_back({p.series, x_of(p), status_label(p), cell(p, "throughput_rps"),
                        latency_cell(p, "lat_p50_us", 0.50), latency_cell(p, "lat_p95_us", 0.95),
                        latency_cell(p, "lat_p99_us", 0.99), latency_cell(p, "lat_p999_us", 0.999), errors(p)});
      std::string ctx = "–";
      // Per 2xx answer completed in the window (the sweep's ctx_per_req).
      if (auto c = p.get("ctx_per_req")) ctx = fmt_num(*c);
      std::vector<std::string> row = {p.series, x_of(p), cell(p, "queue_p50_us", 1e-3), cell(p, "queue_p99_us", 1e-3),
                                      cell(p, "service_p50_us", 1e-3), cell(p, "service_p99_us", 1e-3)};
      if (gil) row.insert(row.end(), {cell(p, "gil_wait_p50_us", 1e-3), cell(p, "gil_wait_p99_us", 1e-3)});
      if (ipc) row.insert(row.end(), {cell(p, "ipc_p50_us", 1e-3), cell(p, "ipc_p99_us", 1e-3)});
      row.insert(row.end(), {cell(p, "cpu_util"), ctx});
      q.rows.push_back(std::move(row));
    }
    d.push_back(para("Medians over ok repetitions; (min–max) when repetitions differ. Latency is measured by the "
                     "load generator from each request's intended send time, over 2xx answers. Highlighted rows had "
                     "repetitions that were not clean; they never decide a verdict."));
    d.push_back(t);
    add_figure(d, plots, "queue-service-" + stem);
    add_figure(d, plots, "cpu-" + stem);
    d.push_back(para("Queue wait, service time, and where reported the GIL wait (python engine) and the hand-off to the "
                     "pool (offload) come from the server's answers (queue_us, service_us, gil_wait_us, ipc_us); CPU and "
                     "context switches are sampled from /proc for the target's whole process tree."));
    d.push_back(q);
    add_figure(d, plots, "spectrum-" + stem);
  }
}

// Each peer against the gilbench series it imitates: the `imitates` column
// (e.g. "async/python") when the CSV has it, else the peer's model label.
void peer_blocks(Document& d, const Results& res) {
  std::map<std::string, std::string> imitates;  // peer series -> model/engine
  for (auto& r : res.rows)
    if (!results::text(r, "imitates").empty()) imitates[series_of(r)] = results::text(r, "imitates");
  std::set<std::string> wls;
  for (auto& p : res.points)
    if (p.is_peer() || (!imitates.empty() && imitates.count(p.series))) wls.insert(p.workload);
  if (wls.empty()) return;
  d.push_back(heading("gilbench vs the Python peers"));
  d.push_back(para("Each Python server next to the gilbench model and engine it imitates, at the same workload, "
                   "concurrency and (where measured) worker count. Ratio = peer / gilbench: throughput > 1 means the "
                   "peer serves more; p99 < 1 means the peer answers faster."));
  for (auto& wl : wls) {
    d.push_back(heading("Workload " + wl, 3));
    auto t = table({"peer", "imitates", "concurrency", "peer req/s", "gilbench req/s", "throughput ratio",
                    "peer p99 (ms)", "gilbench p99 (ms)", "p99 ratio"});
    for (auto& peer : res.points) {
      auto im = imitates.find(peer.series);
      if ((!peer.is_peer() && im == imitates.end()) || peer.workload != wl || peer.loop != "closed") continue;
      std::string want = im != imitates.end() ? im->second : peer.model + "/" + peer.engine;
      const Point* g = nullptr;
      for (auto& c : res.points) {
        if (c.target != "gilbench" || c.model + "/" + c.engine != want || c.workload != wl || c.loop != "closed" ||
            c.x != peer.x)
          continue;
        if (!g || (c.workers == peer.workers && g->workers != peer.workers)) g = &c;
      }
      if (!g) continue;
      auto gt = g->get("throughput_rps"), pt = peer.get("throughput_rps");
      auto gp = g->get("lat_p99_us"), pp = peer.get("lat_p99_us");
      t.rows.push_back({peer.series, g->series, x_of(peer), pt ? fmt_num(*pt) : "–", gt ? fmt_num(*gt) : "–",
                        gt && pt && *gt > 0 ? fmt_num(*pt / *gt) : "–", pp ? fmt_num(*pp / 1000) : "–",
                        gp ? fmt_num(*gp / 1000) : "–", gp && pp && *gp > 0 ? fmt_num(*pp / *gp) : "–"});
    }
    d.push_back(t);
  }
}

void memory_blocks(Document& d, const Results& res, const std::vector<Plot>& plots) {
  d.push_back(heading("Memory"));
  add_figure(d, plots, "memory");
  d.push_back(para("Peak over the measured window of the sum over the target's process tree; median over all its ok "
                   "cells. PSS shares pages fairly between forked processes; RSS counts shared pages once per process. Page "
                   "faults are those of the whole tree in the measured window (/proc/PID/stat), per 2xx answer "
                   "completed in it; minor ones map a page already in memory, major ones read it from disk."));
  std::map<std::string, std::vector<const Point*>> by;
  for (auto& p : res.points) by[p.series].push_back(&p);
  auto t = table({"series", "PSS (MiB)", "RSS (MiB)", "threads", "processes", "minor faults/answer",
                  "major faults/answer"});
  for (auto& [s, ps] : by) {
    auto med = [&](const char* m, double scale) {
      std::vector<double> v;
      for (auto* p : ps)
        if (auto x = p->get(m)) v.push_back(*x * scale);
      return v.empty() ? std::string("–") : fmt_num(stat_of(v).median);
    };
    t.rows.push_back({s, med("pss_kb", 1.0 / 1024), med("rss_kb", 1.0 / 1024), med("proc_threads", 1), med("proc_count", 1),
                      med("minflt_per_req", 1), med("majflt_per_req", 1)});
  }
  d.push_back(t);
}

void pool_blocks(Document& d, const Results& res, const std::vector<Plot>& plots) {
  if (res.pool.empty()) return;
  d.push_back(heading("In-process pool (gilbench pool, no HTTP)"));
  add_figure(d, plots, "pool");
  auto t = table({"kind", "engine", "workload", "workers", "tasks/s", "service avg (ms)", "queue p50 (ms)",
                  "queue p99 (ms)", "enqueue avg (ms)", "status"});
  auto ms = [](const results::Row& r, const char* k) { auto v = results::number(r, k); return v ? fmt_num(*v / 1000) : std::string("–"); };
  for (auto& r : res.pool) {
    auto g = [&](const char* k) { return results::text(r, k); };
    const std::string wl = workload_of(r);  // the workload's own label, every field (a hash row's size too)
    auto tps = results::number(r, "throughput_tps");
    t.rows.push_back({g("kind"), g("engine"), wl, g("workers"), tps ? fmt_num(*tps) : "–", ms(r, "service_mean_us"),
                      ms(r, "queue_p50_us"), ms(r, "queue_p99_us"), ms(r, "enqueue_mean_us"),
                      results::status(r) == results::Status::ok ? "ok" : "failed: " + g("error")});
  }
  d.push_back(t);
}

std::optional<Block> capacity_table(const Results& res) {
  auto rows = load_capacity(res.dir);
  if (rows.empty()) return std::nullopt;
  auto t = table({"series", "workload", "objective", "capacity (req/s)", "quantile at capacity (ms)", "probes", "status"});
  for (auto& r : rows) {
    auto n = [&](const char* k, double scale) { auto v = results::number(r, k); return v ? fmt_num(*v * scale) : std::string("–"); };
    std::string status = results::text(r, "status") + (results::text(r, "note").empty() ? "" : ": " + results::text(r, "note"));
    t.rows.push_back({results::text(r, "series"), results::text(r, "workload"), results::text(r, "slo"), n("capacity_rps", 1),
                      n("quantile_at_capacity_us", 1e-3), results::text(r, "probes"), status});
  }
  return t;
}

void capacity_blocks(Document& d, const Results& res, const std::vector<Plot>& plots) {
  auto t = capacity_table(res);
  if (!t) return;
  d.push_back(heading("Capacity within the latency objective"));
  add_figure(d, plots, "capacity");
  d.push_back(para("The highest open-loop rate whose latency quantile stays within the objective, found by bisection, "
                   "among rates that ran neither degraded nor generator-bound (capacity.csv)."));
  d.push_back(*t);
}

}  // namespace gilbench::report
