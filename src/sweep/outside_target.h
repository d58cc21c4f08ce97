// What the sweep learns about a target it did not build: a url target's
// readiness and process figures (from its Prometheus /metrics, when it
// serves the standard process_* metrics), and the loop and HTTP parser a
// peer's /healthz reports.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "results/csv.h"
#include "sweep/spec.h"

namespace gilbench::sweep {

// Waits until GET <url><ready> answers 200; throws TargetError with the last
// status seen otherwise.
void wait_url_ready(const TargetSpec& t, std::chrono::milliseconds timeout);

struct RemoteProcess {
  std::optional<double> cpu_s;      // process_cpu_seconds_total
  std::optional<double> rss_bytes;  // process_resident_memory_bytes
  std::string why_not;              // set when neither could be read
};
RemoteProcess scrape_process(const TargetSpec& t, std::chrono::milliseconds timeout);

// cpu_user_s (user+sys: the metric does not split them), cpu_util and rss_kb
// from two scrapes around the window; the /proc-only columns stay empty and
// proc_note says why. Never writes 0 for a figure it could not read.
void fill_remote_proc(results::Row& row, const RemoteProcess& before, const RemoteProcess& after, double duration_s);

// server_loop and server_http from a /healthz JSON body that has "loop" and
// "http" (the Python peers), and python_version, python_free_threaded,
// python_gil and python_build where gilbench's python engine reports them.
void fill_runtime(results::Row& row, const std::string& healthz_body);

}  // namespace gilbench::sweep
