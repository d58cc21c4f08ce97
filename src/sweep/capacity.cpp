// The sweep's capacity search: for each target and each workload that asks
// for it (`find_rate_slo`), the highest open-loop rate that meets the latency
// objective in a clean run (load::find_rate), one row per pair in
// capacity.csv. Runs after the cells, each pair against a fresh target.
#include <filesystem>
#include <fmt/format.h>
#include <sstream>

#include "load/find_rate.h"
#include "sweep/cell_files.h"
#include "sweep/layout.h"
#include "sweep/runner.h"
#include "sweep/target.h"

namespace gilbench::sweep {

namespace fs = std::filesystem;

namespace {
const std::vector<std::string>& capacity_columns() {
  static const std::vector<std::string> cols = {
      "cell_id", "rep", "series", "target", "model", "engine", "workers", "workload", "slo", "capacity_rps",
      "quantile_at_capacity_us", "probes", "status", "note"};
  return cols;
}
}  // namespace

void Sweep::run_capacity(const std::string& dir) {
  std::vector<Cell> jobs;
  for (auto& t : e_.targets)
    for (auto& w : e_.workloads)
      if (!w.find_rate_slo.empty()) {
        Cell c{"", t, w, "find_rate", e_.open_connections, 0, 0};
        c.id = cell_id(c);
        jobs.push_back(std::move(c));
      }
  if (jobs.empty()) return;
  results::CsvAppender csv(dir + "/" + results::kCapacityCsv, capacity_columns());
  for (auto& job : jobs) {
    if (stop_) return;
    if (csv.done().count({job.id, 0})) continue;
    const load::Slo slo = load::parse_slo(job.workload.find_rate_slo);
    results::Row row{{"cell_id", job.id},
            {"rep", "0"},
            {"series", job.target.label()},
            {"target", job.target.target_column()},
            {"model", job.target.model},
            {"engine", job.target.engine},
            {"workers", std::to_string(job.target.workers)},
            {"workload", job.workload.label()},
            {"slo", load::to_string(slo)}};
    if (o_.out) *o_.out << fmt::format("capacity {} | {} at {} ...\n", row["series"], row["workload"], row["slo"]) << std::flush;
    const std::string cdir = results::cell_dir(dir, job.id, 0);
    fs::create_directories(cdir);
    try {
      Target target = Target::start(target_spec(job, dir, cdir));
      {
        std::lock_guard lk(mu_);
        current_ = &target;
      }
      load::FindRateOptions fo;
      fo.probe_s = job.workload.find_rate_probe_s;
      fo.warmup_s = std::min(e_.warmup_s, 1.0);
      std::ostringstream log;
      load::FindRateResult fr;
      try {
        fr = load::find_rate(load_config(e_, job, target.port(), key_space_), slo, fo, &log);
      } catch (...) {
        std::lock_guard lk(mu_);
        current_ = nullptr;
        throw;
      }
      {
        std::lock_guard lk(mu_);
        current_ = nullptr;
      }
      target.stop(std::chrono::milliseconds(static_cast<long>(e_.stop_timeout_s * 1000)));
      if (stop_) return;
      append_note(cdir, log.str());
      row["probes"] = std::to_string(fr.probes.size());
      row["note"] = fr.note;
      row["status"] = results::to_string(fr.found ? results::CapacityStatus::found : results::CapacityStatus::not_found);
      if (fr.found) {
        row["capacity_rps"] = fmt::format("{:.1f}", fr.rate_rps);
        for (auto& p : fr.probes)
          if (p.loop == "open" && p.rate_rps == fr.rate_rps && p.status == "pass")
            row["quantile_at_capacity_us"] = fmt::format("{:.0f}", p.quantile_us);
      }
    } catch (const std::exception& ex) {
      if (stop_) return;
      row["status"] = results::to_string(results::CapacityStatus::failed);
      row["note"] = ex.what();
    }
    for (auto& [k, v] : row)
      for (char& ch : v)
        if (ch == '\n' || ch == '\r') ch = ' ';
    csv.append(row);
    if (o_.out) *o_.out << fmt::format("capacity {}: {} {} req/s\n", row["series"], row["status"], row["capacity_rps"]);
  }
}

}  // namespace gilbench::sweep
