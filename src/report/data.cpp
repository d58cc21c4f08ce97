#include "report/data.h"

#include <algorithm>
#include <cmath>
#include <boost/json.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <tuple>

#include "results/layout.h"
#include "results/validate.h"
#include "workloads/registry.h"

namespace gilbench::report {

namespace fs = std::filesystem;
using results::Status;

namespace {
using results::number;
using results::text;
// Rows written before the per-request columns existed get them from the same
// denominator the sweep now uses: 2xx answers completed in the window, which
// is throughput_rps x duration_s.
std::optional<double> metric_of(const results::Row& r, const std::string& c) {
  if (auto v = number(r, c)) return v;
  if (c != "ctx_per_req" && c != "cpu_per_req_us") return std::nullopt;
  auto thr = number(r, "throughput_rps"), dur = number(r, "duration_s");
  if (!thr || !dur || *thr * *dur <= 0) return std::nullopt;
  const double n = *thr * *dur;
  if (c == "ctx_per_req") {
    auto v = number(r, "ctx_voluntary"), iv = number(r, "ctx_involuntary");
    if (v && iv) return (*v + *iv) / n;
    return std::nullopt;
  }
  auto u = number(r, "cpu_user_s"), sy = number(r, "cpu_sys_s");
  if (u && sy) return (*u + *sy) * 1e6 / n;
  return std::nullopt;
}
}  // namespace

std::optional<double> Point::get(const std::string& metric) const {
  auto it = m.find(metric);
  if (it == m.end() || it->second.n == 0) return std::nullopt;
  return it->second.median;
}

const std::vector<std::string>& metric_columns() {
  static const std::vector<std::string> cols = {
      "throughput_rps", "lat_mean_us", "lat_p50_us", "lat_p90_us", "lat_p95_us", "lat_p99_us",
      "lat_p999_us", "lat_max_us", "ulat_p99_us", "queue_p50_us", "queue_p99_us",
      "service_p50_us", "service_p99_us", "rss_kb", "pss_kb", "uss_kb", "cpu_util", "ctx_voluntary",
      "ctx_involuntary", "proc_threads", "proc_count", "requests", "ok", "ok_completed",
      "errors_connect", "errors_read", "errors_write", "errors_timeout", "errors_status", "censored",
      "err_lat_p50_us", "err_lat_p99_us", "cpu_per_req_us", "ctx_per_req", "send_delay_p50_us",
      "send_delay_p99_us", "gen_cpu_pct", "gil_wait_p50_us", "gil_wait_p99_us", "ipc_p50_us", "ipc_p99_us",
      "noise_steal_pct", "noise_other_cpu_pct", "noise_loadavg1", "minflt_per_req", "majflt_per_req",
      "energy_per_req_mj", "power_w"};
  return cols;
}

Stat stat_of(std::vector<double> v) {
  Stat s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.n = static_cast<int>(v.size());
  s.min = v.front();
  s.max = v.back();
  auto h = v.size() / 2;
  s.median = v.size() % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
  return s;
}

std::string series_of(const results::Row& r) { return results::series_label(results::series_key(r)); }

std::string workload_of(const results::Row& r) {
  const std::string mode = text(r, "workload");
  const auto* w = workloads::find(mode);
  if (!w) return mode;
  workloads::Values v;
  for (const auto& f : w->fields())
    if (auto x = text(r, std::string(f.name)); !x.empty()) v[std::string(f.name)] = x;
  if (w->keyed()) v["key_dist"] = text(r, "key_dist");
  return w->label(v);
}

std::vector<Point> aggregate(const std::vector<results::Row>& rows, const std::string& dir) {
  using Key = std::tuple<std::string, std::string, std::string, double>;
  std::map<Key, std::vector<const results::Row*>> groups;
  for (auto& r : rows) {
    std::string loop = text(r, "loop");
    double x = loop == "open" ? number(r, "rate_rps").value_or(0) : number(r, "connections").value_or(0);
    groups[{workload_of(r), loop, series_of(r), x}].push_back(&r);
  }
  std::vector<Point> out;
  for (auto& [key, rs] : groups) {
    const results::Row& first = *rs.front();
    Point p;
    std::tie(p.workload, p.loop, p.series, p.x) = key;
    const results::SeriesKey series = results::series_key(first);
    p.target = series.target;
    p.model = series.model;
    p.engine = series.engine;
    p.workers = series.workers;
    p.mode = text(first, "workload");
    if (const auto* w = workloads::find(p.mode)) p.kind = w->kind();
    p.iters = number(first, "iters").value_or(0);
    p.wait_ms = number(first, "wait_ms").value_or(0);
    p.settings = series.settings;
    std::vector<const results::Row*> clean, unclean;
    for (auto* r : rs) {
      // A status the file does not name (none, a typo) counts as failed.
      const Status st = results::status(*r).value_or(Status::failed);
      const bool gen = results::flag(*r, "generator_bound");
      p.noisy_reps += results::flag(*r, "noisy");
      if (st == Status::failed) {
        ++p.failed_reps;
        continue;
      }
      if (st == Status::degraded) ++p.degraded_reps;
      else if (gen) ++p.generator_bound_reps;
      (st == Status::ok && !gen ? clean : unclean).push_back(r);
    }
    p.ok_reps = static_cast<int>(clean.size());
    std::map<std::string, std::vector<int>> rounds;
    auto collect = [&rounds](const std::vector<const results::Row*>& from) {
      std::map<std::string, std::vector<double>> vals;
      rounds.clear();
      for (auto* r : from)
        for (auto& c : metric_columns())
          if (auto v = metric_of(*r, c)) {
            vals[c].push_back(*v);
            rounds[c].push_back(static_cast<int>(number(*r, "rep").value_or(0)));
          }
      return vals;
    };
    for (auto* r : clean) {  // the tail gate (docs/methodology.md, "Gates")
      double sent = number(*r, "requests").value_or(0), ok = number(*r, "ok").value_or(0);
      if (sent > 0) p.max_fail_share = std::max(p.max_fail_share, 1 - ok / sent);
    }
    auto vals = collect(clean.empty() ? unclean : clean);
    for (auto& [c, v] : vals) p.m[c] = stat_of(v);
    if (!clean.empty()) {
      // The spectrum shown is the rep whose throughput is nearest the median.
      const double med = p.m.count("throughput_rps") ? p.m["throughput_rps"].median : 0;
      const results::Row* pick = clean.front();
      for (auto* r : clean)
        if (std::abs(number(*r, "throughput_rps").value_or(0) - med) < std::abs(number(*pick, "throughput_rps").value_or(0) - med))
          pick = r;
      if (!dir.empty())
        p.cell_dir = results::cell_dir(dir, text(*pick, "cell_id"), static_cast<int>(number(*pick, "rep").value_or(0)));
      p.values = std::move(vals);
      p.rounds = std::move(rounds);
    }
    out.push_back(std::move(p));
  }
  return out;
}

Results load_results(const std::string& dir) {
  Results res;
  res.dir = dir;
  const std::string csv = dir + "/" + results::kResultsCsv;
  if (!fs::exists(csv)) throw std::runtime_error("no " + csv + " (is this a sweep's results directory?)");
  // Damaged or edited rows are left out here, each named in a warning.
  auto checked = results::read_checked_results(csv);
  res.rows = std::move(checked.rows);
  res.rows_left_out = std::move(checked.warnings);
  res.points = aggregate(res.rows, dir);
  for (auto& r : res.rows)
    if (results::status(r) == Status::failed) {
      std::string x = text(r, "loop") == "open" ? "rate=" + text(r, "rate_rps") : "c=" + text(r, "connections");
      res.failed.push_back({fmt::format("{} | {} | {} | rep {}", series_of(r), workload_of(r), x, text(r, "rep")),
                            text(r, "error")});
    }
  if (fs::exists(dir + "/" + results::kPoolCsv)) res.pool = results::read_csv(dir + "/" + results::kPoolCsv);
  std::ifstream env(dir + "/" + results::kEnvJson);
  if (env) {
    std::stringstream ss;
    ss << env.rdbuf();
    boost::system::error_code ec;
    auto v = boost::json::parse(ss.str(), ec);
    if (!ec && v.is_object())
      for (auto& [k, val] : v.as_object()) {
        if (val.is_string()) res.env[k] = std::string(val.as_string());
        else if (val.is_object()) {
          for (auto& [k2, v2] : val.as_object())
            if (v2.is_string()) res.env[std::string(k) + "." + std::string(k2)] = std::string(v2.as_string());
        } else if (!val.is_null()) res.env[k] = boost::json::serialize(val);
      }
  }
  return res;
}

}  // namespace gilbench::report
