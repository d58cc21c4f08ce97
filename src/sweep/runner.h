// Runs a sweep: every cell of an experiment, one at a time, each against a
// freshly started target, appending one fsynced row per cell to results.csv.
// A failing target fails its cell, not the sweep; an interrupted sweep
// resumes where it stopped (cells keyed by cell_id and rep).
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

#include "results/csv.h"
#include "sweep/shard.h"
#include "sweep/spec.h"
#include "sweep/target.h"

namespace gilbench::sweep {

class Target;

struct SweepOptions {
  std::string results_base = "results";  // new dirs go to <base>/<name>-<timestamp>
  std::string resume_dir;   // resume this dir; "" = find an unfinished one or start anew
  bool fresh = false;       // never resume automatically
  std::string gilbench_bin;  // binary for gilbench targets; "" = this executable
  std::string source_dir = ".";  // where git is asked and peers/ is looked for
  std::ostream* out = nullptr;   // progress; nullptr = silent
  bool tty = false;
  // Run only this shard's rounds (sweep/shard.h) into <base>/<name>-shard<i>of<N>-<timestamp>;
  // shard 1 also runs capacity.csv and pool.csv.
  Shard shard;
};

struct SweepSummary {
  std::string dir;
  std::size_t total = 0, skipped = 0, ok = 0, degraded = 0, failed = 0;
  std::size_t noisy = 0, generator_bound = 0;  // flags of cells run now (ok or degraded)
  std::string store_note;  // "created gilbench.db (1000 keys)" when the sweep made the store
  bool interrupted = false;
};

class Sweep {
 public:
  Sweep(Experiment e, SweepOptions o);
  // Throws std::runtime_error if the results directory cannot be used (or
  // another sweep holds its lock), or the store is unusable.
  SweepSummary run();
  // Stops the sweep from another thread (a signal watcher): the running
  // cell's target is killed and its row is not written, so a rerun redoes it.
  void interrupt();

 private:
  results::Row run_cell(const Cell& cell, const std::string& dir);
  std::string resolve_dir(std::size_t cells);
  // The cell's launch spec, with the directory's pgid file (stop_leftovers).
  LaunchSpec target_spec(const Cell& cell, const std::string& dir, const std::string& cdir) const;
  void run_pool(const std::string& dir);
  // capacity.csv: load::find_rate per target x workload with a find_rate_slo
  // (sweep/capacity.cpp). Resumable: a (target, workload) with a row is done.
  void run_capacity(const std::string& dir);

  std::int64_t key_space_ = 0;  // the store's key count, read once per sweep
  Experiment e_;
  SweepOptions o_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> run_done_{false};  // the current cell's load run returned
  std::mutex mu_;
  Target* current_ = nullptr;  // guarded by mu_: interrupt() kills it
};

}  // namespace gilbench::sweep
