#include "report/data.h"

#include <algorithm>
#include <cmath>
#include <boost/json.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <tuple>

#include "models/options.h"
#include "sweep/layout.h"
#include "workloads/registry.h"

namespace gilbench::report {

namespace fs = std::filesystem;

namespace {
std::optional<double> num(const sweep::Row& r, const std::string& k) {
  auto it = r.find(k);
  if (it == r.end() || it->second.empty()) return std::nullopt;
  try {
    return std::stod(it->second);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}
std::string str(const sweep::Row& r, const std::string& k) {
  auto it = r.find(k);
  return it == r.end() ? "" : it->second;
}
// Rows written before the per-request columns existed get them from the same
// denominator the sweep now uses: 2xx answers completed in the window, which
// is throughput_rps x duration_s.
std::optional<double> metric_of(const sweep::Row& r, const std::string& c) {
  if (auto v = num(r, c)) return v;
  if (c != "ctx_per_req" && c != "cpu_per_req_us") return std::nullopt;
  auto thr = num(r, "throughput_rps"), dur = num(r, "duration_s");
  if (!thr || !dur || *thr * *dur <= 0) return std::nullopt;
  const double n = *thr * *dur;
  if (c == "ctx_per_req") {
    auto v = num(r, "ctx_voluntary"), iv = num(r, "ctx_involuntary");
    if (v && iv) return (*v + *iv) / n;
    return std::nullopt;
  }
  auto u = num(r, "cpu_user_s"), sy = num(r, "cpu_sys_s");
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
      "service_p50_us", "service_p99_us", "rss_kb", "pss_kb", "cpu_util", "ctx_voluntary",
      "ctx_involuntary", "proc_threads", "proc_count", "requests", "ok", "ok_completed",
      "errors_connect", "errors_read", "errors_write", "errors_timeout", "errors_status", "censored",
      "err_lat_p50_us", "err_lat_p99_us", "cpu_per_req_us", "ctx_per_req", "send_delay_p50_us",
      "send_delay_p99_us", "gen_cpu_pct", "gil_wait_p50_us", "gil_wait_p99_us", "ipc_p50_us", "ipc_p99_us",
      "noise_steal_pct", "noise_other_cpu_pct", "noise_loadavg1"};
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

const std::vector<std::pair<std::string, std::string>>& setting_columns() {
  static const auto cols = [] {
    std::vector<std::pair<std::string, std::string>> c = {{"switch_interval_ms", "si="}};
    for (auto& d : models::model_options()) c.emplace_back(d.key, d.label);  // q=, full=, db=
    c.emplace_back("server_args", "args=");
    return c;
  }();
  return cols;
}

std::string series_of(const sweep::Row& r) {
  std::string t = str(r, "target");
  std::string s = t == "gilbench" ? fmt::format("{}/{} w{}", str(r, "model"), str(r, "engine"), str(r, "workers"))
                                  : fmt::format("{} w{}", t, str(r, "workers"));
  for (auto& [col, prefix] : setting_columns()) {
    std::string v = str(r, col);
    if (v.empty()) continue;
    if (col == "switch_interval_ms") v += "ms";
    if (col == "server_args") v = "'" + v + "'";
    s += " " + prefix + v;
  }
  return s;
}

std::string workload_of(const sweep::Row& r) {
  const std::string mode = str(r, "workload");
  const auto* w = workloads::find(mode);
  if (!w) return mode;
  workloads::Values v;
  for (const auto& f : w->fields())
    if (auto x = str(r, std::string(f.name)); !x.empty()) v[std::string(f.name)] = x;
  if (w->keyed()) v["key_dist"] = str(r, "key_dist");
  return w->label(v);
}

std::vector<Point> aggregate(const std::vector<sweep::Row>& rows, const std::string& dir) {
  using Key = std::tuple<std::string, std::string, std::string, double>;
  std::map<Key, std::vector<const sweep::Row*>> groups;
  for (auto& r : rows) {
    std::string loop = str(r, "loop");
    double x = loop == "open" ? num(r, "rate_rps").value_or(0) : num(r, "connections").value_or(0);
    groups[{workload_of(r), loop, series_of(r), x}].push_back(&r);
  }
  std::vector<Point> out;
  for (auto& [key, rs] : groups) {
    const sweep::Row& first = *rs.front();
    Point p;
    std::tie(p.workload, p.loop, p.series, p.x) = key;
    p.target = str(first, "target");
    p.model = str(first, "model");
    p.engine = str(first, "engine");
    p.workers = static_cast<int>(num(first, "workers").value_or(0));
    p.mode = str(first, "workload");
    if (const auto* w = workloads::find(p.mode)) p.kind = w->kind();
    p.iters = num(first, "iters").value_or(0);
    p.wait_ms = num(first, "wait_ms").value_or(0);
    for (auto& [col, prefix] : setting_columns())
      if (auto v = str(first, col); !v.empty()) p.settings[col] = v;
    std::vector<const sweep::Row*> clean, unclean;
    for (auto* r : rs) {
      const std::string st = str(*r, "status");
      const bool gen = str(*r, "generator_bound") == "1";
      p.noisy_reps += str(*r, "noisy") == "1";
      if (st == "failed" || (st != "ok" && st != "degraded")) {
        ++p.failed_reps;
        continue;
      }
      if (st == "degraded") ++p.degraded_reps;
      else if (gen) ++p.generator_bound_reps;
      (st == "ok" && !gen ? clean : unclean).push_back(r);
    }
    p.ok_reps = static_cast<int>(clean.size());
    auto collect = [](const std::vector<const sweep::Row*>& from) {
      std::map<std::string, std::vector<double>> vals;
      for (auto* r : from)
        for (auto& c : metric_columns())
          if (auto v = metric_of(*r, c)) vals[c].push_back(*v);
      return vals;
    };
    auto vals = collect(clean.empty() ? unclean : clean);
    for (auto& [c, v] : vals) p.m[c] = stat_of(v);
    if (!clean.empty()) {
      // The spectrum shown is the rep whose throughput is nearest the median.
      const double med = p.m.count("throughput_rps") ? p.m["throughput_rps"].median : 0;
      const sweep::Row* pick = clean.front();
      for (auto* r : clean)
        if (std::abs(num(*r, "throughput_rps").value_or(0) - med) < std::abs(num(*pick, "throughput_rps").value_or(0) - med))
          pick = r;
      if (!dir.empty())
        p.cell_dir = sweep::cell_dir(dir, str(*pick, "cell_id"), static_cast<int>(num(*pick, "rep").value_or(0)));
      p.values = std::move(vals);
    }
    out.push_back(std::move(p));
  }
  return out;
}

Results load_results(const std::string& dir) {
  Results res;
  res.dir = dir;
  const std::string csv = dir + "/" + sweep::kResultsCsv;
  if (!fs::exists(csv)) throw std::runtime_error("no " + csv + " (is this a sweep's results directory?)");
  res.rows = sweep::read_csv(csv);
  res.points = aggregate(res.rows, dir);
  for (auto& r : res.rows)
    if (str(r, "status") == "failed") {
      std::string x = str(r, "loop") == "open" ? "rate=" + str(r, "rate_rps") : "c=" + str(r, "connections");
      res.failed.push_back({fmt::format("{} | {} | {} | rep {}", series_of(r), workload_of(r), x, str(r, "rep")),
                            str(r, "error")});
    }
  if (fs::exists(dir + "/" + sweep::kPoolCsv)) res.pool = sweep::read_csv(dir + "/" + sweep::kPoolCsv);
  std::ifstream env(dir + "/" + sweep::kEnvJson);
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
