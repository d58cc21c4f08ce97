// An experiment (a sweep) as written in experiments/*.toml, and its
// expansion into cells. See docs/methodology.md for the file format.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "models/options.h"
#include "results/series.h"

namespace gilbench::sweep {

// A malformed experiment file; what() names the file, line and key.
class SpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a cell starts and loads: a gilbench server, a peer, or a command.
struct TargetSpec {
  std::string kind = "gilbench";   // "gilbench", "peer:<kind>", "command", "url"
  std::string model;               // gilbench: the model; peers: their analogue
  std::string engine;              // gilbench: the engine; peers: "python"
  int workers = 1;
  // gilbench: the server settings a sweep can vary; each is a results.csv
  // column, and `args` is the serve flags they make (plus extra_args).
  engines::EngineOptions engine_options;  // --switch-interval-ms, --python, --gil; unset = default
  models::ModelOptions options;    // --queue, --on-full, --db-offload; unset = default
  std::vector<std::string> extra_args;  // `args` of the experiment file, as written
  std::vector<std::string> args;   // gilbench: every extra serve flag
  std::vector<std::string> command;  // command: argv with {port}, {workers} and {db} replaced
  std::string name;                // command, url: label in the CSV's target column
  std::string url;                 // url: http://IPv4:port of a server run elsewhere
  std::string ready = "/healthz";  // command, url, peer: GET path that answers 200 when ready
  std::string imitates;            // peers (and optionally command/url): "<model>/<engine>"

  // "gilbench", "peer:aiohttp" or the command's name: results.csv's target.
  std::string target_column() const;
  // The series this target is, as results.csv records it.
  results::SeriesKey series_key() const;
  // Human label of the series, e.g. "threads/native w4", "peer:aiohttp w1".
  std::string label() const;
};

struct WorkloadSpec {
  std::string mode = "noop";  // the workload's name (workloads/registry.h)
  // Its field values, defaults filled in (workloads::complete).
  std::map<std::string, std::string, std::less<>> values;
  std::string key_dist = "uniform";  // keyed workloads (io): the generator's key draw
  std::vector<int> concurrency;  // closed loop; empty: the experiment's
  std::vector<double> rates;     // open loop; empty: the experiment's
  double duration_s = 0;         // measured window; 0: the experiment's
  // Non-empty ("p99=50ms"): after the cells, find each target's capacity at
  // this objective (load::find_rate) into capacity.csv; probes of probe_s.
  std::string find_rate_slo;
  double find_rate_probe_s = 2;

  std::string label() const;  // the workload's label: "cpu iters=80000", "io wait=5ms", "noop"
};

struct Cell {
  std::string id;  // stable hash of everything but rep
  TargetSpec target;
  WorkloadSpec workload;
  std::string loop = "closed";  // closed | open
  int connections = 1;
  double rate_rps = 0;  // open loop only
  int rep = 0;

  int round_pos = 0;  // position of the cell in its round's shuffled order

  std::string label() const;  // target, workload, concurrency or rate, rep
};

// In-process pool runs (gilbench pool) that a sweep may add to its results.
struct PoolSpec {
  std::vector<std::string> kinds = {"threads", "procs"};
  std::vector<std::string> engines = {"native"};
  std::vector<int> workers = {1, 2, 4, 8, 16};
  std::string mode = "cpu";
  std::map<std::string, std::string, std::less<>> values;  // defaults filled in
  int tasks = 200;
  int queue = 64;
};

struct Experiment {
  std::string name;
  std::string description;
  double duration_s = 5;
  double warmup_s = 1;
  int repetitions = 1;
  int load_threads = 1;
  int open_connections = 64;  // connections used by open-loop cells
  std::vector<int> concurrency = {1, 4, 16};
  std::vector<double> rates;
  std::string db = "gilbench.db";
  std::string peers_dir;  // where peers/python/serve.py lives; "" = auto
  std::string pin_target;  // CPU list ("0", "0-1,3"); "" = no pinning
  std::string pin_load;
  double start_timeout_s = 30;
  double stop_timeout_s = 10;
  double request_timeout_s = 30;  // a request unanswered this long counts as a timeout
  std::vector<TargetSpec> targets;
  std::vector<WorkloadSpec> workloads;
  std::optional<PoolSpec> pool;
  // Seed of the per-round shuffle; the file's `seed`, else derived from the
  // file's text, so a resumed sweep reruns the same order.
  std::uint64_t seed = 0;
  bool shuffle = true;
  std::string source_path;
  std::string source_text;

  // Every cell in run order. Repetitions are rounds: round r runs every
  // (target, workload, level) cell once, in round_order(n, seed, r), so slow
  // drift of a noisy machine hits every model instead of the one that ran in
  // a bad minute, and an interrupted sweep has whole rounds.
  std::vector<Cell> cells() const;
};

// A permutation of 0..n-1 for round `round`: Fisher-Yates driven by
// splitmix64, written out (not std::shuffle, whose algorithm differs between
// standard libraries) so a seed names the same order everywhere.
std::vector<std::size_t> round_order(std::size_t n, std::uint64_t seed, int round);

// Throws SpecError naming the line and key of the first problem.
Experiment parse_experiment(const std::string& toml_text, const std::string& source_path);
Experiment load_experiment(const std::string& path);

// The stable id of a cell (rep excluded): 16 hex digits of FNV-1a.
std::string cell_id(const Cell& c);

// Parses "0-2,5" into CPU numbers; throws std::invalid_argument.
std::vector<int> parse_cpu_list(const std::string& list);

}  // namespace gilbench::sweep
