// Public API of the load generator (`gilbench load`, and `gilbench sweep` for
// each cell). The library never reads argv or exits: bad configurations throw
// std::invalid_argument, an unreachable target throws LoadError; everything
// that goes wrong once the run has started is counted in the result instead.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "load/histogram.h"

namespace gilbench::load {

// What each request asks of the target (the `workload`). Bodies are built
// once, before the run; see request_spec.h.
struct RequestSpec {
  std::string mode = "noop";  // workload: cpu, io, noop; ignored when `body` is set
  std::int64_t iters = 80000;         // cpu: SHA-256 chain length
  std::string seed = "gilbench";      // cpu: chain seed
  std::int64_t key_space = 1000;      // io: keys k0..k{key_space-1}
  std::string key_dist = "uniform";   // io: uniform or zipf
  double zipf_s = 1.0;                // io, zipf: exponent (rank r has weight 1/r^s)
  double wait_ms = 0.0;               // io: mean wait asked of the server
  std::string wait_dist = "exp";      // io: exp or fixed
  std::string body;                   // raw body sent as is when non-empty
  std::string method = "POST";        // POST or GET (GET sends no body)
  std::uint64_t rng_seed = 1;         // io keys are drawn from this seed
};

struct LoadConfig {
  std::string url = "http://127.0.0.1:8080/score";  // http://host:port/path, numeric IPv4 or localhost
  int threads = 1;             // load-generator threads, one event loop each
  int connections = 10;        // total, spread over the threads
  double duration_s = 10.0;    // measured window; 0 = no limit (needs max_requests)
  double warmup_s = 0.0;       // before the measured window; nothing recorded
  std::uint64_t max_requests = 0;  // > 0: issue exactly this many in the window, then stop
  double timeout_s = 5.0;      // per request (from the actual write) and per connect
  double rate_rps = 0.0;       // > 0: open loop at this total rate; 0: closed loop
  // Open loop: busy-poll instead of sleeping when the next send is due within
  // this many µs; trades a core for send times free of wake-up latency.
  double spin_us = 0.0;
  RequestSpec request;
};

// Thrown by run_load when the target cannot be reached before the run starts.
struct LoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Url {
  std::string host;  // as written (127.0.0.1, localhost)
  std::string ip;    // numeric IPv4 used to connect
  int port = 80;
  std::string path = "/";
};
// Only http:// with a numeric IPv4 host or `localhost`; throws
// std::invalid_argument with the reason otherwise.
Url parse_url(const std::string& url);
// Throws std::invalid_argument naming the first bad field.
void validate(const LoadConfig& config);

struct ErrorCounts {
  std::uint64_t connect = 0;  // connection attempts that failed (refused, timed out)
  std::uint64_t read = 0;     // reset, EOF mid-answer, malformed HTTP
  std::uint64_t write = 0;    // write failed
  std::uint64_t timeout = 0;  // no whole answer within timeout_s
  std::uint64_t status = 0;   // answers that were not 2xx
  std::map<int, std::uint64_t> by_status;  // non-2xx answers by status code
};

// One second of the measured window, by completion time.
struct TimelinePoint {
  double t_s = 0;             // start of the second, from the window start
  std::uint64_t requests = 0;  // answers of any status
  std::uint64_t ok = 0;        // 2xx answers
  std::uint64_t errors = 0;    // read, write, timeout errors (connect excluded)
  double lat_mean_us = 0;      // corrected latency of the answers
  std::int64_t lat_max_us = 0;
};

// Everything measured in the window. Requests belong to the window by their
// intended send time (the actual write in closed loop), so the conservation
//   issued == requests + errors.read + errors.write + errors.timeout + in_flight_end
// always holds: nothing is dropped silently.
struct LoadResult {
  LoadConfig config;
  std::string loop;            // closed or open
  double duration_s = 0;       // measured window actually run
  std::uint64_t issued = 0;    // requests written (or attempted) in the window
  std::uint64_t requests = 0;  // answers of any status
  std::uint64_t ok = 0;        // 2xx answers
  // 2xx answers that completed inside the window, whenever they were sent:
  // the throughput numerator. Counting by send time instead would miss, at
  // the window's start, the answers to requests sent during warm-up, and so
  // undercount a closed loop by about latency / window (5-10% for slow cpu
  // cells with a few-second window).
  std::uint64_t ok_completed = 0;
  ErrorCounts errors;
  std::uint64_t in_flight_end = 0;  // issued, unanswered when the run stopped
  // Open loop: requests whose intended time fell in the window but that were
  // never issued because every connection was busy (concurrency shortfall).
  std::uint64_t not_issued_end = 0;
  std::uint64_t bytes_read = 0;
  std::uint64_t warmup_requests = 0;  // answers during warm-up (not in the figures)
  std::uint64_t warmup_errors = 0;    // read/write/timeout/connect errors during warm-up

  std::uint64_t connects = 0;          // successful connection opens (reconnects included)
  std::uint64_t closed_by_server = 0;  // keep-alive connections the server closed
  int connections_peak = 0;            // sum over threads of each one's most connections open at once
  double connections_mean = 0;         // time-average of open connections in the window

  Histogram latency;      // corrected: from the intended send time (== uncorrected in closed loop)
  Histogram ulatency;     // uncorrected: from the actual write
  Histogram send_delay;   // open loop: actual write - intended time (timer lag + backlog)
  Histogram queue;        // server-reported queue_us
  Histogram service;      // server-reported service_us
  std::vector<TimelinePoint> timeline;

  double throughput_rps() const {
    return duration_s > 0 ? static_cast<double>(ok_completed) / duration_s : 0;
  }
};

// Runs one load test. Blocks until the window ends, max_requests are all
// answered, or *stop becomes true (checked about every millisecond).
LoadResult run_load(const LoadConfig& config, const std::atomic<bool>* stop = nullptr);

// Reporters: each writes to the stream it is given.
void write_summary(std::ostream& out, const LoadResult& r);  // wrk-like, for humans
void write_json(std::ostream& out, const LoadResult& r);     // everything, with the percentile spectrum
// The `load` group of docs/csv-schema.md, in that order, as (column, value);
// values are formatted as in the CSV (empty = not applicable).
std::vector<std::pair<std::string, std::string>> csv_fields(const LoadResult& r);
void write_csv_header(std::ostream& out);  // the load-group column names, one line
void write_csv_row(std::ostream& out, const LoadResult& r);
void write_timeline(std::ostream& out, const LoadResult& r);  // CSV, one row per second

}  // namespace gilbench::load
