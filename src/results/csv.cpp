#include "results/csv.h"
#include "results/file_write.h"

#include "engines/options.h"
#include "models/options.h"
#include "workloads/registry.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gilbench::results {

const std::vector<std::string>& result_columns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> c = {
      // cell
      "experiment", "cell_id", "rep", "status", "error", "target", "model", "engine", "workers",
      // settings: everything that can differ between targets keys a series
    };
    // The engine options (switch_interval_ms, python, gil) from their one table.
    for (const auto& d : engines::engine_options()) c.push_back(d.key);
    // The model options (queue, on_full, db_offload) from their one table.
    for (const auto& d : models::model_options()) c.push_back(d.key);
    c.insert(c.end(), {"server_args",
                       // load: the workload, then its parameter columns (below)
                       "workload"});
    // Every workload field that is a column, in registry order (iters,
    // wait_ms, wait_dist, ...): a new workload's fields add columns here.
    for (auto& p : workloads::columns()) c.push_back(p);
    for (const char* n : {
      "key_dist", "key_space", "loop", "connections", "threads", "rate_rps",
      "duration_s", "warmup_s", "requests", "ok", "errors_connect", "errors_read",
      "errors_write", "errors_timeout", "errors_status", "in_flight_end", "throughput_rps",
      "lat_mean_us", "lat_stdev_us", "lat_p50_us", "lat_p90_us", "lat_p95_us", "lat_p99_us",
      "lat_p999_us", "lat_max_us", "ulat_p50_us", "ulat_p99_us", "queue_p50_us",
      "queue_p99_us", "service_p50_us", "service_p99_us", "censored", "not_issued_end",
      "err_lat_p50_us", "err_lat_p99_us", "lat_clamped", "send_delay_p50_us",
      "send_delay_p99_us", "gen_cpu_pct", "achieved_rps", "generator_bound",
      "generator_reason", "gil_wait_p50_us", "gil_wait_p99_us", "ipc_p50_us", "ipc_p99_us",
      // proc
      "rss_kb", "pss_kb", "uss_kb", "cpu_user_s", "cpu_sys_s", "cpu_util", "ctx_voluntary",
      "ctx_involuntary", "proc_threads", "proc_count", "ok_completed", "cpu_per_req_us",
      "ctx_per_req", "worker_restarts", "minflt", "majflt", "minflt_per_req", "majflt_per_req",
      // energy of the machine over the window (issue 22), or why not
      "energy_source", "energy_pkg_j", "energy_dram_j", "energy_per_req_mj", "power_w",
      // noise monitor
      "noise_steal_pct", "noise_other_cpu_pct", "noise_loadavg1", "noise_cpu_mhz", "noisy",
      // cell
      "round_pos", "seed", "started_at",
      // peers and outside targets (issue 12): the gilbench series a target imitates,
      // the event loop and HTTP parser its /healthz reports, why process figures are empty
      "imitates", "server_loop", "server_http", "proc_note",
      // the python engine's interpreter as its /healthz reported it (issue 19)
      "python_version", "python_free_threaded", "python_gil", "python_build"})
      c.push_back(n);
    return c;
  }();
  return cols;
}

std::string csv_escape(std::string_view f) {
  if (f.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(f);
  std::string out = "\"";
  for (char c : f) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::vector<std::string> csv_split(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

std::string csv_line(const std::vector<std::string>& columns, const Row& row) {
  for (auto& [k, v] : row) {
    bool known = false;
    for (auto& c : columns) known = known || c == k;
    if (!known) throw std::logic_error("csv: '" + k + "' is not a column");
  }
  std::string line;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) line += ',';
    auto it = row.find(columns[i]);
    if (it == row.end()) continue;
    // A row is one line: a newline inside a field (an error message) would
    // make naive readers see two rows.
    std::string v = it->second;
    for (auto& ch : v)
      if (ch == '\n' || ch == '\r') ch = ' ';
    line += csv_escape(v);
  }
  return line + '\n';
}

std::vector<Row> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<Row> rows;
  std::vector<std::string> header;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    // Only newline-terminated lines count: the last one may be torn.
    if (nl == std::string::npos) break;
    auto fields = csv_split(std::string_view(text).substr(pos, nl - pos));
    pos = nl + 1;
    if (header.empty()) {
      header = fields;
      continue;
    }
    if (fields.size() != header.size()) continue;
    Row r;
    for (std::size_t i = 0; i < header.size(); ++i) r[header[i]] = fields[i];
    rows.push_back(std::move(r));
  }
  return rows;
}

namespace {
std::string join(const std::vector<std::string>& cols) {
  std::string s;
  for (std::size_t i = 0; i < cols.size(); ++i) s += (i ? "," : "") + cols[i];
  return s;
}

}  // namespace

CsvAppender::CsvAppender(std::string path, std::vector<std::string> columns)
    : path_(std::move(path)), columns_(std::move(columns)) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("open " + path_ + ": " + std::strerror(errno));
  std::string text;
  {
    std::ifstream in(path_);
    text.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  const std::string header = join(columns_);
  if (text.empty()) {
    write_all(fd_, header + "\n", path_);
    if (::fsync(fd_) != 0) throw WriteError(path_, errno);
  } else {
    auto last_nl = text.rfind('\n');
    std::size_t keep = last_nl == std::string::npos ? 0 : last_nl + 1;
    if (keep < text.size()) {
      repaired_ = text.size() - keep;
      if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0)
        throw std::runtime_error("truncate " + path_ + ": " + std::strerror(errno));
      text.resize(keep);
    }
    if (text.empty()) {
      write_all(fd_, header + "\n", path_);
    } else {
      std::string first = text.substr(0, text.find('\n'));
      if (!first.empty() && first.back() == '\r') first.pop_back();
      if (first != header)
        throw std::runtime_error(path_ + " has another header (an older schema?); "
                                 "start a new results directory");
    }
    if (::fsync(fd_) != 0) throw WriteError(path_, errno);
  }
  ::lseek(fd_, 0, SEEK_END);
  for (auto& r : read_csv(path_)) {
    try {
      done_.emplace(r["cell_id"], std::stoi(r["rep"]));
    } catch (const std::exception&) {
      // A row without a rep cannot be resumed against; it stays as it is.
    }
  }
}

CsvAppender::~CsvAppender() {
  if (fd_ >= 0) ::close(fd_);
}

void CsvAppender::append(const Row& row) {
  const off_t before = ::lseek(fd_, 0, SEEK_END);
  try {
    write_all(fd_, csv_line(columns_, row), path_);
    if (::fsync(fd_) != 0) throw WriteError(path_, errno);
  } catch (const WriteError&) {
    // No half row stays behind (a reopen would cut it off anyway).
    if (before >= 0 && ::ftruncate(fd_, before) == 0) ::lseek(fd_, before, SEEK_SET);
    throw;
  }
  auto id = row.find("cell_id");
  auto rep = row.find("rep");
  if (id != row.end() && rep != row.end()) done_.emplace(id->second, std::stoi(rep->second));
}

}  // namespace gilbench::results
