#include "report/data.h"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <tuple>

#include "sweep/layout.h"

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
      "ctx_involuntary", "proc_threads", "proc_count", "requests", "errors_timeout",
      "errors_status"};
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

std::string series_of(const sweep::Row& r) {
  std::string t = str(r, "target");
  if (t == "gilbench") return fmt::format("{}/{} w{}", str(r, "model"), str(r, "engine"), str(r, "workers"));
  return fmt::format("{} w{}", t, str(r, "workers"));
}

std::string workload_of(const sweep::Row& r) {
  std::string w = str(r, "workload");
  if (w == "cpu") return "cpu iters=" + str(r, "iters");
  if (w == "io") return "io wait=" + str(r, "wait_ms") + "ms";
  return w;
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
    p.iters = num(first, "iters").value_or(0);
    p.wait_ms = num(first, "wait_ms").value_or(0);
    std::map<std::string, std::vector<double>> vals;
    for (auto* r : rs) {
      if (str(*r, "status") != "ok") {
        ++p.failed_reps;
        continue;
      }
      ++p.ok_reps;
      if (p.cell_dir.empty() && !dir.empty())
        p.cell_dir = sweep::cell_dir(dir, str(*r, "cell_id"), static_cast<int>(num(*r, "rep").value_or(0)));
      for (auto& c : metric_columns())
        if (auto v = num(*r, c)) vals[c].push_back(*v);
    }
    for (auto& [c, v] : vals) p.m[c] = stat_of(v);
    p.values = std::move(vals);
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
    if (str(r, "status") != "ok") {
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
