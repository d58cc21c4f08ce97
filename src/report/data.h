// A results directory read back and aggregated over repetitions: one Point
// per (series, workload, loop, concurrency or rate), holding the median and
// the min..max spread of every metric over the cell's clean repetitions
// (status ok and not generator-bound). A series is the whole target
// configuration: model, engine, workers and every server setting.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "results/csv.h"
#include "results/row.h"
#include "results/series.h"
#include "workloads/workload.h"

namespace gilbench::report {

struct Stat {
  double median = 0, min = 0, max = 0;
  int n = 0;
};

struct Point {
  std::string series;    // "threads/native w4", "peer:aiohttp w4"
  std::string target;    // gilbench, peer:<kind>, or a command's name
  std::string model, engine;
  int workers = 0;
  std::string workload;  // "cpu iters=80000", "io wait=5ms", "noop"
  std::string mode;      // the workload's name: cpu, io, noop, hash, ...
  workloads::Kind kind = workloads::Kind::none;  // what it mostly does (unknown mode: none)
  double iters = 0, wait_ms = 0;  // the iters and wait_ms columns, 0 when empty
  std::string loop;      // closed, open
  double x = 0;          // connections (closed) or rate_rps (open)
  std::map<std::string, std::string> settings;  // server setting column -> value, non-default only
  // Repetitions by status: ok_reps are the clean ones (ok and not
  // generator-bound); degraded and generator-bound ones never enter the
  // figures that decide verdicts. noisy_reps counts reps of any status that
  // the noise monitor flagged (they stay in: flagged, not dropped).
  int ok_reps = 0, failed_reps = 0, degraded_reps = 0, generator_bound_reps = 0, noisy_reps = 0;
  // metric column -> stat over the clean reps; when there is none, over the
  // degraded and generator-bound reps instead (so tables can show what they
  // measured, marked), and `values` stays empty.
  std::map<std::string, Stat> m;
  // metric column -> its value in each ok repetition (what the statistics of
  // the verdicts resample); same reps as m.
  std::map<std::string, std::vector<double>> values;
  // metric column -> the round (`rep`) of each of `values`, in the same order:
  // the statistics pair A and B by round (docs/methodology.md, "Statistics").
  std::map<std::string, std::vector<int>> rounds;
  // The largest share of its requests that a clean rep did not answer 2xx
  // (1 - ok / requests): p99 is over answers, so failures hide from it.
  double max_fail_share = 0;
  // The cell directory of the clean rep with the median throughput (for its
  // spectrum.csv), "" if none.
  std::string cell_dir;

  bool is_peer() const { return target.rfind("peer:", 0) == 0; }
  std::optional<double> get(const std::string& metric) const;
};

struct FailedCell {
  std::string label, error;
};

struct Results {
  std::string dir;
  std::vector<results::Row> rows;   // the rows that passed results/validate.h's checks
  // One line per row of results.csv left out (file, line, column, why).
  std::vector<std::string> rows_left_out;
  std::vector<Point> points;        // sorted by workload, loop, series, x
  std::vector<FailedCell> failed;
  std::vector<results::Row> pool;     // pool.csv rows, if any
  std::map<std::string, std::string> env;  // flat string fields of env.json
};

// The metric columns aggregated into Point::m.
const std::vector<std::string>& metric_columns();

// Reads results.csv (and pool.csv, env.json when present). Throws
// std::runtime_error if results.csv is missing or is not a results.csv;
// rows that cannot be trusted are left out and listed in rows_left_out.
Results load_results(const std::string& dir);
// Aggregates rows (exposed for tests that craft rows directly).
std::vector<Point> aggregate(const std::vector<results::Row>& rows, const std::string& dir);

Stat stat_of(std::vector<double> v);
// The series label of a row (results/series.h).
std::string series_of(const results::Row& r);
std::string workload_of(const results::Row& r);

}  // namespace gilbench::report
