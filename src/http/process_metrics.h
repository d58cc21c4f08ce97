// The standard Prometheus process metrics, summed over a process tree (a
// server and its workers), read from /proc when /metrics is scraped.
#pragma once

#include <sys/types.h>

#include <string>

namespace gilbench::http {

// Appends process_cpu_seconds_total, process_resident_memory_bytes,
// process_open_fds (sums over `root` and its descendants) and
// process_start_time_seconds (of `root`, seconds since the Unix epoch).
void append_process_metrics(std::string& out, pid_t root);

}  // namespace gilbench::http
