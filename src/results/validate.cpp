#include "results/validate.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "results/values.h"

namespace gilbench::results {

namespace {

// What a figure's text says is wrong with it; nullopt if it is fine.
std::optional<std::string> figure_problem(const std::string& v) {
  if (v.empty()) return std::nullopt;  // not measured, not applicable
  const char* begin = v.c_str();
  char* end = nullptr;
  const double x = std::strtod(begin, &end);
  if (end == begin || *end != '\0') return fmt::format("'{}' is not a number", v);
  if (!std::isfinite(x)) return fmt::format("'{}' is not a finite number", v);
  if (x < 0) return fmt::format("'{}' is negative", v);
  return std::nullopt;
}

// The first problem of a row whose field count matches the header: a bad
// figure, an unknown status or flag. Returns (column, why) or nullopt.
std::optional<std::pair<std::string, std::string>> row_problem(const Row& r) {
  for (const auto& [col, v] : r)
    if (is_figure_column(col))
      if (auto why = figure_problem(v)) return std::pair{col, *why};
  if (auto it = r.find("status"); it != r.end() && !parse<Status>(it->second))
    return std::pair{std::string("status"), fmt::format("'{}' is not ok, degraded or failed", it->second)};
  for (const char* f : {"noisy", "generator_bound"})
    if (auto it = r.find(f); it != r.end() && !it->second.empty() && it->second != "0" && it->second != "1")
      return std::pair{std::string(f), fmt::format("'{}' is not 0 or 1", it->second)};
  if (auto it = r.find("cell_id"); it == r.end() || it->second.empty())
    return std::pair{std::string("cell_id"), std::string("empty")};
  return std::nullopt;
}

// Refuses text that is not a results.csv; returns the header's fields.
std::vector<std::string> checked_header(const std::string& name, const std::string& text) {
  auto refuse = [&](const std::string& why) {
    throw std::runtime_error(fmt::format("{} is not a results.csv: {}", name, why));
  };
  if (text.empty()) refuse("it is empty");
  if (text.find('\0') != std::string::npos) refuse("it holds binary data (NUL bytes)");
  const auto nl = text.find('\n');
  if (nl == std::string::npos) refuse("it has no complete header line");
  const auto header = csv_split(std::string_view(text).substr(0, nl));
  const std::set<std::string> have(header.begin(), header.end());
  for (const char* need : {"cell_id", "rep", "status"})
    if (!have.count(need)) refuse(fmt::format("its first line names no '{}' column", need));
  if (have.size() != header.size()) refuse("its header names a column twice");
  return header;
}

}  // namespace

bool is_figure_column(const std::string& c) {
  static const std::set<std::string> figures = {
      "rep", "workers", "connections", "threads", "rate_rps", "duration_s", "warmup_s", "requests", "ok",
      "errors_connect", "errors_read", "errors_write", "errors_timeout", "errors_status", "in_flight_end",
      "throughput_rps", "lat_mean_us", "lat_stdev_us", "lat_p50_us", "lat_p90_us", "lat_p95_us", "lat_p99_us",
      "lat_p999_us", "lat_max_us", "ulat_p50_us", "ulat_p99_us", "queue_p50_us", "queue_p99_us",
      "service_p50_us", "service_p99_us", "censored", "not_issued_end", "err_lat_p50_us", "err_lat_p99_us",
      "lat_clamped", "send_delay_p50_us", "send_delay_p99_us", "gen_cpu_pct", "achieved_rps",
      "gil_wait_p50_us", "gil_wait_p99_us", "ipc_p50_us", "ipc_p99_us", "rss_kb", "pss_kb", "cpu_user_s",
      "cpu_sys_s", "cpu_util", "ctx_voluntary", "ctx_involuntary", "proc_threads", "proc_count",
      "ok_completed", "cpu_per_req_us", "ctx_per_req", "worker_restarts", "noise_steal_pct",
      "noise_other_cpu_pct", "noise_loadavg1", "noise_cpu_mhz", "round_pos"};
  return figures.count(c) > 0;
}

CheckedRows check_results_text(const std::string& name, const std::string& text) {
  const auto header = checked_header(name, text);
  CheckedRows out;
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // (cell_id, rep) -> line
  auto leave_out = [&](std::size_t line, const std::string& column, const std::string& why) {
    out.warnings.push_back(fmt::format("{} line {}, column {}: {}; row left out", name, line, column, why));
    ++out.left_out;
  };
  std::size_t pos = text.find('\n') + 1, line = 1;
  while (pos < text.size()) {
    ++line;
    const auto nl = text.find('\n', pos);
    const auto raw = std::string_view(text).substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (raw.empty() || raw == "\r") continue;
    const auto fields = csv_split(raw);
    if (nl == std::string::npos || fields.size() != header.size()) {
      leave_out(line, nl == std::string::npos ? "(end of file)" : "(all)",
                fmt::format("{} fields where the header has {}{}", fields.size(), header.size(),
                            nl == std::string::npos ? ", and no newline: a torn last row" : ": a torn row"));
      continue;
    }
    Row r;
    for (std::size_t i = 0; i < header.size(); ++i) r[header[i]] = fields[i];
    if (auto p = row_problem(r)) {
      leave_out(line, p->first, p->second);
      continue;
    }
    const auto [it, fresh] = seen.emplace(std::pair{r["cell_id"], r["rep"]}, line);
    if (!fresh) {
      leave_out(line, "cell_id,rep",
                fmt::format("repeats cell {} rep {} of line {} (counted once)", r["cell_id"], r["rep"], it->second));
      continue;
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

CheckedRows read_checked_results(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return check_results_text(path, text);
}

}  // namespace gilbench::results
