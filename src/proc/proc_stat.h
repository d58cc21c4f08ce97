// Reading one process, and a process tree, from /proc. Below http/ (its
// /metrics process figures) and sweep/ (the sampler of a measured window),
// so neither reaches into the other.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace gilbench::proc {

// Counters of one process, cumulative since it started (CPU, ctx switches)
// or current (memory, threads).
struct ProcStat {
  pid_t pid = 0;
  pid_t ppid = 0;
  double cpu_user_s = 0;
  double cpu_sys_s = 0;
  std::int64_t rss_kb = 0;
  std::int64_t pss_kb = -1;  // -1: smaps_rollup unreadable
  // USS: the pages only this process maps (Private_Clean + Private_Dirty of
  // smaps_rollup): what ending it would free. -1 as pss_kb.
  std::int64_t uss_kb = -1;
  std::int64_t ctx_voluntary = 0;
  std::int64_t ctx_involuntary = 0;
  // Page faults of the process (all its threads) since it started; a
  // forked child starts from 0, so a tree's faults are the sum of deltas.
  std::int64_t minflt = 0;
  std::int64_t majflt = 0;
  int threads = 0;
};

// One process, or nullopt if it is gone or unreadable.
std::optional<ProcStat> read_proc(pid_t pid);
// `root` and every descendant alive now (root first).
std::vector<pid_t> process_tree(pid_t root);

}  // namespace gilbench::proc
