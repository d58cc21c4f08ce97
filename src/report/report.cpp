#include "report/report.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>

#include "report/document.h"
#include "report/plots.h"

namespace gilbench::report {

namespace fs = std::filesystem;

namespace {
std::string num(double v) {
  if (v == 0) return "0";
  if (std::abs(v) >= 100) return fmt::format("{:.0f}", v);
  if (std::abs(v) >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.2f}", v);
}

// "median" or "median (min–max)" when repetitions disagree.
std::string cell(const Point& p, const std::string& m, double scale = 1) {
  auto it = p.m.find(m);
  if (it == p.m.end() || it->second.n == 0) return "–";
  const Stat& s = it->second;
  if (s.n < 2 || s.min == s.max) return num(s.median * scale);
  return fmt::format("{} ({}–{})", num(s.median * scale), num(s.min * scale), num(s.max * scale));
}

std::string x_of(const Point& p) { return fmt::format("{:g}{}", p.x, p.loop == "open" ? "/s" : ""); }

void add_figure(Document& d, const std::vector<Plot>& plots, const std::string& name) {
  for (auto& p : plots)
    if (p.name == name && p.ok) d.push_back({Block::figure, p.title, 2, {}, {}, p.svg_path, p.png_path});
}

Block table(std::vector<std::string> header) { return Block{Block::table, "", 2, std::move(header), {}, "", ""}; }
Block para(std::string t) { return Block{Block::paragraph, std::move(t), 2, {}, {}, "", ""}; }
Block heading(std::string t, int level = 2) { return Block{Block::heading, std::move(t), level, {}, {}, "", ""}; }

void context(Document& d, const Results& res) {
  d.push_back(heading("Run context"));
  auto t = table({"what", "value"});
  for (auto k : {"cpu_model", "cores_online", "kernel", "compiler", "cxx_flags", "build_type", "git_sha", "git_dirty",
                 "created_utc", "experiment_file", "dependencies.boost", "dependencies.openssl", "dependencies.sqlite",
                 "dependencies.python_embedded", "dependencies.python_peers"}) {
    auto it = res.env.find(k);
    if (it != res.env.end()) t.rows.push_back({k, it->second});
  }
  t.rows.push_back({"cells (rows)", std::to_string(res.rows.size())});
  t.rows.push_back({"failed cells", std::to_string(res.failed.size())});
  d.push_back(t);
}

void verdict_blocks(Document& d, const std::vector<Verdict>& vs) {
  d.push_back(heading("Verdicts"));
  d.push_back(para("Each hypothesis of the original plan, decided from the data by the rule shown (docs/methodology.md "
                   "explains the rules). Only gilbench targets decide; Python peers are context."));
  for (auto& v : vs) {
    d.push_back(heading(fmt::format("H{}: {}", v.id, v.hypothesis), 3));
    d.push_back(para(fmt::format("Verdict: **{}**.", to_string(v.outcome))));
    d.push_back(para("Rule: " + v.rule));
    Block l{Block::list, "", 2, {}, {}, "", ""};
    for (auto& e : v.evidence) l.rows.push_back({e});
    if (!l.rows.empty()) d.push_back(l);
  }
}

void workload_blocks(Document& d, const Results& res, const std::vector<Plot>& plots) {
  std::set<std::pair<std::string, std::string>> wls;
  for (auto& p : res.points) wls.insert({p.workload, p.loop});
  for (auto& [wl, loop] : wls) {
    std::string stem = slug(wl) + (loop == "open" ? "-open" : "");
    d.push_back(heading(fmt::format("Workload {} ({} loop)", wl, loop)));
    add_figure(d, plots, "throughput-" + stem);
    add_figure(d, plots, "latency-" + stem);
    auto t = table({"series", loop == "open" ? "rate" : "concurrency", "ok reps", "throughput (req/s)", "p50 (ms)",
                    "p95 (ms)", "p99 (ms)", "p99.9 (ms)", "errors (timeout+status)"});
    auto q = table({"series", loop == "open" ? "rate" : "concurrency", "queue p50 (ms)", "queue p99 (ms)",
                    "service p50 (ms)", "service p99 (ms)", "CPU (cores)", "ctx switches / request"});
    for (auto& p : res.points) {
      if (p.workload != wl || p.loop != loop) continue;
      std::string errs = "–";
      if (auto a = p.get("errors_timeout"); a) errs = num(*a + p.get("errors_status").value_or(0));
      t.rows.push_back({p.series, x_of(p), fmt::format("{}/{}", p.ok_reps, p.ok_reps + p.failed_reps),
                        cell(p, "throughput_rps"), cell(p, "lat_p50_us", 1e-3), cell(p, "lat_p95_us", 1e-3),
                        cell(p, "lat_p99_us", 1e-3), cell(p, "lat_p999_us", 1e-3), errs});
      std::string ctx = "–";
      auto v = p.get("ctx_voluntary"), iv = p.get("ctx_involuntary"), n = p.get("requests");
      if (v && iv && n && *n > 0) ctx = num((*v + *iv) / *n);
      q.rows.push_back({p.series, x_of(p), cell(p, "queue_p50_us", 1e-3), cell(p, "queue_p99_us", 1e-3),
                        cell(p, "service_p50_us", 1e-3), cell(p, "service_p99_us", 1e-3), cell(p, "cpu_util"), ctx});
    }
    d.push_back(para("Medians over ok repetitions; (min–max) when repetitions differ. Latency is measured by the "
                     "load generator from each request's intended send time."));
    d.push_back(t);
    add_figure(d, plots, "queue-service-" + stem);
    add_figure(d, plots, "cpu-" + stem);
    d.push_back(para("Queue wait and service time are reported by the server for each answer (queue_us, service_us); "
                     "CPU and context switches are sampled from /proc for the target's whole process tree."));
    d.push_back(q);
    add_figure(d, plots, "spectrum-" + stem);
  }
}

// gilbench model next to its Python peer (threads↔flask-threads, ...).
void peer_blocks(Document& d, const Results& res) {
  bool any = false;
  for (auto& p : res.points) any = any || p.is_peer();
  if (!any) return;
  d.push_back(heading("gilbench vs the Python peers"));
  d.push_back(para("Each gilbench model next to the Python server of the same model (threads ↔ flask-threads, procs ↔ "
                   "flask-procs, async ↔ aiohttp) at the same workload and concurrency. Ratio = gilbench / peer "
                   "(throughput: > 1 means gilbench serves more; p99: < 1 means gilbench answers faster)."));
  std::set<std::string> wls;
  for (auto& p : res.points)
    if (p.is_peer()) wls.insert(p.workload);
  for (auto& wl : wls) {
    d.push_back(heading("Workload " + wl, 3));
    auto t = table({"gilbench", "peer", "concurrency", "gilbench req/s", "peer req/s", "throughput ratio",
                    "gilbench p99 (ms)", "peer p99 (ms)", "p99 ratio"});
    for (auto& peer : res.points) {
      if (!peer.is_peer() || peer.workload != wl || peer.loop != "closed") continue;
      for (auto& g : res.points) {
        if (g.target != "gilbench" || g.model != peer.model || g.workload != wl || g.loop != "closed" || g.x != peer.x) continue;
        auto gt = g.get("throughput_rps"), pt = peer.get("throughput_rps");
        auto gp = g.get("lat_p99_us"), pp = peer.get("lat_p99_us");
        t.rows.push_back({g.series, peer.series, x_of(g), gt ? num(*gt) : "–", pt ? num(*pt) : "–",
                          gt && pt && *pt > 0 ? num(*gt / *pt) : "–", gp ? num(*gp / 1000) : "–",
                          pp ? num(*pp / 1000) : "–", gp && pp && *pp > 0 ? num(*gp / *pp) : "–"});
      }
    }
    d.push_back(t);
  }
}

void memory_blocks(Document& d, const Results& res, const std::vector<Plot>& plots) {
  d.push_back(heading("Memory"));
  add_figure(d, plots, "memory");
  d.push_back(para("Peak over the measured window of the sum over the target's process tree; median over all its ok "
                   "cells. PSS shares pages fairly between forked processes; RSS counts shared pages once per process."));
  std::map<std::string, std::vector<const Point*>> by;
  for (auto& p : res.points) by[p.series].push_back(&p);
  auto t = table({"series", "PSS (MiB)", "RSS (MiB)", "threads", "processes"});
  for (auto& [s, ps] : by) {
    auto med = [&](const char* m, double scale) {
      std::vector<double> v;
      for (auto* p : ps)
        if (auto x = p->get(m)) v.push_back(*x * scale);
      return v.empty() ? std::string("–") : num(stat_of(v).median);
    };
    t.rows.push_back({s, med("pss_kb", 1.0 / 1024), med("rss_kb", 1.0 / 1024), med("proc_threads", 1), med("proc_count", 1)});
  }
  d.push_back(t);
}

void pool_blocks(Document& d, const Results& res, const std::vector<Plot>& plots) {
  if (res.pool.empty()) return;
  d.push_back(heading("In-process pool (gilbench pool, no HTTP)"));
  add_figure(d, plots, "pool");
  auto t = table({"kind", "engine", "workload", "workers", "tasks/s", "service avg (ms)", "queue p50 (ms)",
                  "queue p99 (ms)", "enqueue avg (ms)", "status"});
  auto ms = [](const std::string& us) { return us.empty() ? std::string("–") : num(std::stod(us) / 1000); };
  for (auto& r : res.pool) {
    auto g = [&](const char* k) { auto it = r.find(k); return it == r.end() ? std::string() : it->second; };
    std::string wl = g("workload") + (g("iters").empty() ? "" : " iters=" + g("iters")) + (g("wait_ms").empty() ? "" : " wait=" + g("wait_ms") + "ms");
    t.rows.push_back({g("kind"), g("engine"), wl, g("workers"), g("throughput_tps").empty() ? "–" : num(std::stod(g("throughput_tps"))),
                      ms(g("service_mean_us")), ms(g("queue_p50_us")), ms(g("queue_p99_us")), ms(g("enqueue_mean_us")),
                      g("status") == "ok" ? "ok" : "failed: " + g("error")});
  }
  d.push_back(t);
}

void failed_blocks(Document& d, const Results& res) {
  if (res.failed.empty()) return;
  d.push_back(heading("Failed cells"));
  auto t = table({"cell", "reason"});
  for (auto& f : res.failed) t.rows.push_back({f.label, f.error});
  d.push_back(t);
}

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}
}  // namespace

ReportResult write_report(const ReportOptions& o) {
  Results res = load_results(o.results_dir);
  fs::create_directories(o.out_dir);
  ReportResult rr;
  std::vector<Plot> plots;
  if (o.plots) plots = make_plots(res, o.out_dir, rr.warnings);
  rr.verdicts = verdicts(res.points);
  std::string name = fs::path(o.results_dir).lexically_normal().filename().string();
  if (name.empty()) name = fs::path(o.results_dir).lexically_normal().parent_path().filename().string();
  Document d;
  d.push_back(heading("gilbench report: " + name, 1));
  d.push_back(para("Which concurrency model (threads, async, procs) serves CPU- and I/O-bound requests best, and what "
                   "Python's GIL does to each. Series are model/engine and worker count; solid lines: native engine, "
                   "dashed: python engine (real GIL), dotted: Python peers."));
  verdict_blocks(d, rr.verdicts);
  workload_blocks(d, res, plots);
  peer_blocks(d, res);
  memory_blocks(d, res, plots);
  pool_blocks(d, res, plots);
  failed_blocks(d, res);
  context(d, res);
  rr.md_path = o.out_dir + "/report.md";
  rr.html_path = o.out_dir + "/report.html";
  write(rr.md_path, render_markdown(d, o.out_dir));
  write(rr.html_path, render_html(d, "gilbench report: " + name));
  return rr;
}

}  // namespace gilbench::report
