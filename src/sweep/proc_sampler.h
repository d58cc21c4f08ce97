// Samples a process tree (a root PID and all its descendants) from /proc:
// memory (RSS, PSS via smaps_rollup), CPU time, context switches, threads.
// A server's workers come and go (procs restarts them; gunicorn forks), so
// the tree is re-walked on every sample.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "proc/energy.h"
#include "proc/proc_stat.h"

namespace gilbench::sweep {

using proc::ProcStat;

// What a measurement window saw for the whole tree.
struct TreeUsage {
  std::int64_t peak_rss_kb = 0;  // peak of the sum over the tree
  std::int64_t peak_pss_kb = -1;
  std::int64_t peak_uss_kb = -1;  // peak of the summed USS (-1: unreadable)
  double cpu_user_s = 0;  // in the window
  double cpu_sys_s = 0;
  std::int64_t ctx_voluntary = 0;
  std::int64_t ctx_involuntary = 0;
  std::int64_t minflt = 0;  // page faults in the window
  std::int64_t majflt = 0;
  int peak_threads = 0;
  int peak_processes = 0;
  int samples = 0;
  // The machine's energy over the same window (not the tree's: RAPL counts
  // everything that ran, the load generator included). Empty
  // energy_source: not measured, energy_why_not says why.
  std::string energy_source;
  std::string energy_why_not;
  double energy_pkg_j = 0;
  double energy_dram_j = -1;  // -1: no dram zone
};

// Samples on its own thread every `period` between start() and stop().
// CPU, context-switch and page-fault figures are deltas over the window: per PID, the
// last value seen minus the value at start (0 for PIDs born in the window),
// so a worker that exits mid-window keeps what it used until its last sample.
class TreeSampler {
 public:
  explicit TreeSampler(pid_t root, std::chrono::milliseconds period = std::chrono::milliseconds(200),
                       const std::string& powercap_root = "/sys/class/powercap");
  ~TreeSampler();
  TreeSampler(const TreeSampler&) = delete;
  TreeSampler& operator=(const TreeSampler&) = delete;

  void start();
  TreeUsage stop();
  // Every PID seen in the tree so far (to kill stragglers by PID).
  std::vector<pid_t> seen() const;

 private:
  void sample();
  pid_t root_;
  std::chrono::milliseconds period_;
  std::atomic<bool> running_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::map<pid_t, ProcStat> first_, last_;
  TreeUsage usage_;
  proc::EnergyCounters energy_counters_;
  proc::EnergyWindow energy_{energy_counters_};
};

}  // namespace gilbench::sweep
