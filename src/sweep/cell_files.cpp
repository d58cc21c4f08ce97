#include "sweep/cell_files.h"

#include <filesystem>
#include <fmt/format.h>
#include <sstream>
#include <algorithm>

#include "sweep/peers.h"
#include "workloads/registry.h"

namespace gilbench::sweep {

namespace fs = std::filesystem;

results::Row base_row(const Experiment& e, const Cell& c) {
  results::Row r{{"experiment", e.name},
        {"cell_id", c.id},
        {"rep", std::to_string(c.rep)},
        {"workload", c.workload.mode},
        {"loop", c.loop},
        {"connections", std::to_string(c.connections)},
        {"threads", std::to_string(std::min(e.load_threads, c.connections))},
        {"duration_s", fmt::format("{}", c.workload.duration_s > 0 ? c.workload.duration_s : e.duration_s)},
        {"warmup_s", fmt::format("{}", e.warmup_s)},
        {"round_pos", std::to_string(c.round_pos)},
        {"seed", std::to_string(e.seed)}};
  results::put_series(r, c.target.series_key());
  r["imitates"] = c.target.imitates;
  for (const auto& col : workloads::columns())
    if (auto it = c.workload.values.find(col); it != c.workload.values.end()) r[col] = it->second;
  if (const auto* w = workloads::find(c.workload.mode); w && w->keyed()) r["key_dist"] = c.workload.key_dist;
  if (c.loop == "open") r["rate_rps"] = fmt::format("{}", c.rate_rps);
  return r;
}

std::string peers_dir(const Experiment& e, const std::string& source_dir) {
  if (!e.peers_dir.empty()) return e.peers_dir;
  std::string beside = source_dir + "/peers/python";
  if (fs::exists(beside + "/serve.py")) return beside;
  auto up = fs::path(e.source_path).parent_path().parent_path() / "peers" / "python";
  return up.empty() ? "peers/python" : up.string();
}

std::vector<std::string> substitute(std::vector<std::string> argv,
                                    const std::vector<std::pair<std::string, std::string>>& vars) {
  for (auto& a : argv)
    for (auto& [name, value] : vars)
      for (std::size_t p = 0; (p = a.find(name, p)) != std::string::npos; p += value.size())
        a.replace(p, name.size(), value);
  return argv;
}

LaunchSpec launch_spec(const Experiment& e, const Cell& c, const std::string& bin,
                       const std::string& source_dir, const std::string& log_path) {
  LaunchSpec s;
  s.log_path = log_path;
  s.ready_timeout = std::chrono::milliseconds(static_cast<long>(e.start_timeout_s * 1000));
  if (!e.pin_target.empty()) s.cpus = parse_cpu_list(e.pin_target);
  const auto& t = c.target;
  const std::string workers = std::to_string(t.workers);
  if (t.kind == "gilbench") {
    s.argv = {bin, "serve", "--model", t.model, "--engine", t.engine, "--workers", workers,
              "--port", "0", "--db", e.db};
    s.argv.insert(s.argv.end(), t.args.begin(), t.args.end());
    return s;
  }
  // A peer is a command from the peer table; both wait on their ready path.
  s.health_path = t.ready;
  const PeerDef* peer = t.kind.rfind("peer:", 0) == 0 ? find_peer(t.kind.substr(5)) : nullptr;
  const auto command = peer ? peer_command(*peer, peers_dir(e, source_dir)) : t.command;
  bool wants_port = false;
  for (auto& a : command) wants_port = wants_port || a.find("{port}") != std::string::npos;
  if (wants_port) s.port = free_port();
  s.argv = substitute(command, {{"{port}", std::to_string(s.port)}, {"{workers}", workers}, {"{db}", e.db}});
  return s;
}

load::LoadConfig load_config(const Experiment& e, const Cell& c, int port, std::int64_t key_space) {
  load::LoadConfig lc;
  lc.url = fmt::format("http://127.0.0.1:{}/score", port);
  lc.connections = c.connections;
  lc.threads = std::max(1, std::min(e.load_threads, c.connections));
  lc.duration_s = c.workload.duration_s > 0 ? c.workload.duration_s : e.duration_s;
  lc.warmup_s = e.warmup_s;
  lc.timeout_s = e.request_timeout_s;
  lc.rate_rps = c.loop == "open" ? c.rate_rps : 0;
  lc.request.mode = c.workload.mode;
  lc.request.values = c.workload.values;
  lc.request.key_dist = c.workload.key_dist;
  lc.request.key_space = key_space;
  lc.request.rng_seed = std::hash<std::string>{}(c.id) + static_cast<std::uint64_t>(c.rep);
  return lc;
}

void fill_load(results::Row& row, const load::LoadResult& r, const Experiment& e) {
  const auto params = workloads::columns();
  for (auto& [k, v] : load::csv_fields(r)) {
    // The sweep's own workload columns are authoritative (the generator
    // fills its defaults in for fields a workload does not use).
    if (k == "workload" || k == "key_dist") continue;
    if (std::find(params.begin(), params.end(), k) != params.end()) continue;
    row[k] = v;
  }
  (void)e;
}

namespace {
// Machine energy over the window (TreeUsage says why when there is none);
// per answer like the CPU, and as average watts over the load's duration.
void fill_energy(results::Row& row, const TreeUsage& u, const load::LoadResult& r) {
  if (u.energy_source.empty()) {
    row["energy_source"] = "not measured: " + u.energy_why_not;
    return;
  }
  row["energy_source"] = u.energy_source;
  row["energy_pkg_j"] = fmt::format("{:.3f}", u.energy_pkg_j);
  const double joules = u.energy_pkg_j + std::max(0.0, u.energy_dram_j);
  if (u.energy_dram_j >= 0) row["energy_dram_j"] = fmt::format("{:.3f}", u.energy_dram_j);
  if (r.duration_s > 0) row["power_w"] = fmt::format("{:.2f}", joules / r.duration_s);
  if (r.ok_completed > 0) row["energy_per_req_mj"] = fmt::format("{:.4f}", joules * 1e3 / r.ok_completed);
}
}  // namespace

void fill_proc(results::Row& row, const TreeUsage& u, const load::LoadResult& r) {
  row["ok_completed"] = std::to_string(r.ok_completed);
  const double duration_s = r.duration_s;
  if (u.samples == 0) return;
  row["rss_kb"] = std::to_string(u.peak_rss_kb);
  if (u.peak_pss_kb >= 0) row["pss_kb"] = std::to_string(u.peak_pss_kb);
  if (u.peak_uss_kb >= 0) row["uss_kb"] = std::to_string(u.peak_uss_kb);
  row["cpu_user_s"] = fmt::format("{:.3f}", u.cpu_user_s);
  row["cpu_sys_s"] = fmt::format("{:.3f}", u.cpu_sys_s);
  if (duration_s > 0) row["cpu_util"] = fmt::format("{:.3f}", (u.cpu_user_s + u.cpu_sys_s) / duration_s);
  row["ctx_voluntary"] = std::to_string(u.ctx_voluntary);
  row["ctx_involuntary"] = std::to_string(u.ctx_involuntary);
  row["proc_threads"] = std::to_string(u.peak_threads);
  row["proc_count"] = std::to_string(u.peak_processes);
  if (r.ok_completed > 0) {
    const double n = static_cast<double>(r.ok_completed);
    row["cpu_per_req_us"] = fmt::format("{:.1f}", (u.cpu_user_s + u.cpu_sys_s) * 1e6 / n);
    row["ctx_per_req"] = fmt::format("{:.3f}", static_cast<double>(u.ctx_voluntary + u.ctx_involuntary) / n);
    row["minflt_per_req"] = fmt::format("{:.3f}", static_cast<double>(u.minflt) / n);
    row["majflt_per_req"] = fmt::format("{:.4f}", static_cast<double>(u.majflt) / n);
  }
  row["minflt"] = std::to_string(u.minflt);
  row["majflt"] = std::to_string(u.majflt);
  fill_energy(row, u, r);
}

results::Status cell_status(const load::LoadResult& r, long worker_restarts, std::string& why) {
  if (r.ok == 0 && r.ok_completed == 0) {
    why = no_success_reason(r);
    return results::Status::failed;
  }
  std::vector<std::string> reasons;
  const double share = r.failure_share();
  if (share > kDegradedShare) {
    const auto& e = r.errors;
    reasons.push_back(fmt::format(
        "{:.1f}% of requests not answered 2xx (connect={} read={} write={} timeout={} status={} censored={})",
        share * 100, e.connect, e.read, e.write, e.timeout, e.status, r.censored));
  }
  if (worker_restarts > 0) reasons.push_back(fmt::format("{} worker restart(s) during the cell", worker_restarts));
  if (reasons.empty()) return results::Status::ok;
  why = fmt::format("{}", fmt::join(reasons, "; "));
  return results::Status::degraded;
}

const std::vector<double>& spectrum_percentiles() {
  static const std::vector<double> p = {0,    10,    20,    30,     40,    50,     60,    70,
                                        75,   80,    85,    90,     92.5,  95,     96.875, 97.5,
                                        98.4375, 99, 99.21875, 99.5, 99.609375, 99.8, 99.9, 99.95,
                                        99.99, 99.999, 100};
  return p;
}

void write_cell_files(const std::string& dir, const load::LoadResult& r, results::FileWriter& w) {
  std::string spectrum = "percentile,lat_us,ulat_us,queue_us,service_us\n";
  for (double p : spectrum_percentiles())
    spectrum += fmt::format("{},{},{},{},{}\n", p, r.latency.percentile(p), r.ulatency.percentile(p),
                            r.queue.count() ? std::to_string(r.queue.percentile(p)) : "",
                            r.service.count() ? std::to_string(r.service.percentile(p)) : "");
  w.write(dir + "/spectrum.csv", spectrum, false);
  std::ostringstream timeline;
  load::write_timeline(timeline, r);
  w.write(dir + "/timeline.csv", timeline.str(), false);
}

void append_note(const std::string& dir, const std::string& note, results::FileWriter& w) {
  w.write(dir + "/notes.txt", note + "\n", true);
}

std::string no_success_reason(const load::LoadResult& r) {
  const auto& e = r.errors;
  std::string by_status;
  for (auto& [code, n] : e.by_status) by_status += fmt::format(" {}x{}", n, code);
  return fmt::format("no 2xx answer in {:.1f} s: {} answers, errors connect={} read={} write={} timeout={} status={}{}",
                     r.duration_s, r.requests, e.connect, e.read, e.write, e.timeout, e.status, by_status);
}

}  // namespace gilbench::sweep
