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
  std::string mode = "noop";  // the workload (workloads/registry.h); ignored when `body` is set
  // Its fields as text (workloads::Field); validate() fills in the defaults.
  std::map<std::string, std::string, std::less<>> values;
  // Keyed workloads (io): the load generator draws each request's key.
  std::int64_t key_space = 1000;      // keys k0..k{key_space-1}
  std::string key_dist = "uniform";   // uniform or zipf
  double zipf_s = 1.0;                // zipf: exponent (rank r has weight 1/r^s)
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
  // Open loop: sleep until this many µs before the next send is due, then
  // busy-poll the rest, so the send is not late by the wake-up latency;
  // capped at half the interval between one thread's sends. The
  // threads' timer slack is always set to 1 ns (prctl PR_SET_TIMERSLACK).
  // Default and its measurement: docs/load.md ("Send timing").
  double spin_us = kDefaultSpinUs;
  // After the window: at most this long to send the window's backlog and wait
  // for its answers; what is still unanswered then is censored (see
  // LoadResult::censored). 0 = censor at the window's end.
  double drain_s = kDefaultDrainS;
  // Non-empty: write one line per request scheduled in the window to this
  // file (intended_ns sent_ns done_ns outcome; see docs/load.md), for
  // checking the percentiles independently. Costs memory per request.
  std::string request_log;
  RequestSpec request;
  // One of several generators loading one target (docs/distributed.md):
  // segment_index (0-based; `--segment i/N` is 1-based) of segment_count takes 1/segment_count of rate_rps (open
  // loop, its sends interleaved with the other segments') or its share of
  // `connections` (closed loop). rate_rps and connections stay the totals.
  int segment_index = 0;
  int segment_count = 1;
  // > 0: wait until this wall-clock time (Unix seconds, CLOCK_REALTIME)
  // before the warm-up starts, so that generators on several machines open
  // their windows together. Already past: start at once (start_late_s says by how much).
  double start_at_unix = 0;

  static constexpr double kDefaultSpinUs = 50.0;
  static constexpr double kDefaultDrainS = 2.0;
};

// The exit status of `gilbench load` when a run ended without any 2xx
// answer (docs/load.md, "Exit status").
inline constexpr int kExitNoSuccess = 2;

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
// Throws std::invalid_argument naming the first bad field; fills in the
// workload's default values.
void validate(LoadConfig& config);

struct ErrorCounts {
  std::uint64_t connect = 0;  // connection attempts that failed (refused, timed out)
  std::uint64_t read = 0;     // reset, EOF mid-answer, malformed HTTP (protocol included)
  // Of `read`: answers that broke HTTP/1.1 framing (malformed status line or
  // header, conflicting Content-Length values, bytes after the body). Never
  // counted as ok, whatever their status.
  std::uint64_t protocol = 0;
  std::uint64_t write = 0;    // write failed
  std::uint64_t timeout = 0;  // no whole answer within timeout_s
  std::uint64_t status = 0;   // answers that were not 2xx
  std::map<int, std::uint64_t> by_status;  // non-2xx answers by status code
};

// Did the generator keep its own schedule? Filled by run_load; the rule that
// sets `bound` is judge_generator (load/generator_check.h, docs/load.md).
struct GeneratorCheck {
  // CPU time of the generator's threads over the window (not the warm-up or
  // the drain), less the time spent in the pre-send spin, divided by
  // threads x window, x 100. 100 = every load thread busy all along.
  double cpu_pct = 0;
  double intended_rps = 0;  // open loop: the configured rate; closed loop: 0
  // Requests written during the window (intended time in the window too),
  // divided by the window: the rate the generator actually kept.
  double achieved_rps = 0;
  bool bound = false;  // the generator, not the target, limited the figures
  std::string reason;  // why `bound` (empty if not); never contains a comma
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
// intended send time (the actual write in closed loop). After the window the
// backlog drains for at most drain_s; then every request scheduled in the
// window has exactly one outcome:
//   scheduled == requests + errors.read + errors.write + errors.timeout + censored
//   censored  == in_flight_end + not_issued_end
//   issued    == scheduled - not_issued_end
// Nothing is dropped silently.
struct LoadResult {
  LoadConfig config;
  std::string loop;            // closed or open
  double duration_s = 0;       // measured window actually run
  std::uint64_t scheduled = 0;  // requests scheduled in the window (open: intended time; closed: write)
  std::uint64_t issued = 0;     // of those, written (or attempted), during the window or the drain
  std::uint64_t requests = 0;   // answers of any status
  std::uint64_t ok = 0;        // 2xx answers
  // 2xx answers that completed inside the window, whenever they were sent:
  // the throughput numerator. Counting by send time instead would miss, at
  // the window's start, the answers to requests sent during warm-up, and so
  // undercount a closed loop by about latency / window (5-10% for slow cpu
  // cells with a few-second window).
  std::uint64_t ok_completed = 0;
  ErrorCounts errors;
  // Scheduled in the window, still unanswered at the drain deadline (sent or
  // not). Each is also recorded in `latency` at (deadline - intended time), a
  // lower bound of its true latency.
  std::uint64_t censored = 0;
  std::uint64_t in_flight_end = 0;  // of the censored: written, unanswered at the drain deadline
  // Of the censored, open loop: never written because every connection was
  // busy until the drain deadline (concurrency shortfall or overload).
  std::uint64_t not_issued_end = 0;
  // Open loop: scheduled in the window, found no free connection at their
  // intended time (they waited in the generator's backlog).
  std::uint64_t starved = 0;
  std::uint64_t lat_clamped = 0;  // latency samples clamped at the histogram's 60 s top
  std::uint64_t bytes_read = 0;
  std::uint64_t warmup_requests = 0;  // answers during warm-up (not in the figures)
  std::uint64_t warmup_errors = 0;    // read/write/timeout/connect errors during warm-up

  std::uint64_t connects = 0;          // successful connection opens (reconnects included)
  std::uint64_t closed_by_server = 0;  // keep-alive connections the server closed
  int connections_peak = 0;            // sum over threads of each one's most connections open at once
  double connections_mean = 0;         // time-average of open connections in the window

  // 2xx answers plus censored samples, from the intended send time (the
  // write in closed loop): coordinated omission corrected.
  Histogram latency;
  Histogram ulatency;     // 2xx answers, uncorrected: from the actual write
  Histogram err_latency;  // non-2xx answers, from the intended send time
  Histogram send_delay;   // open loop: actual write - intended time (timer lag + wait for a free connection)
  // Open loop: the generator's own lateness, actual write - max(intended time,
  // when a connection became free): timer and CPU lag, not the target's.
  Histogram gen_lag;
  Histogram queue;        // server-reported queue_us (answers that carry it)
  Histogram service;      // server-reported service_us
  Histogram gil_wait;     // server-reported gil_wait_us (python engine)
  Histogram ipc;          // server-reported ipc_us (offload)
  GeneratorCheck gen;
  std::vector<TimelinePoint> timeline;
  double window_start_unix = 0;  // wall-clock start of the measured window
  double start_late_s = 0;       // with start_at_unix: how late the warm-up started
  // A merge of several generators' results (load/merge.h): how many, and the
  // spread of their window starts (max - min), which the clocks' own offset adds to.
  int generators = 1;
  double start_skew_s = 0;

  double throughput_rps() const {
    return duration_s > 0 ? static_cast<double>(ok_completed) / duration_s : 0;
  }
  // (errors.connect + read + write + timeout + status + censored) / scheduled:
  // the share of the window's requests without a 2xx answer, each failed
  // connection attempt counted as one more failure. With nothing scheduled:
  // 1 if a connection failed, else 0. Above 0.01 a cell is `degraded`.
  double failure_share() const;
};

// The counts of a result that add up across generators (load merge) and
// travel, under these names, in the histogram log: one list, so a new count
// is summed, written and read back alike. ErrorCounts' classes likewise
// (by_status is a map, handled where it is used).
inline constexpr std::pair<const char*, std::uint64_t LoadResult::*> kSummedCounts[] = {
    {"scheduled", &LoadResult::scheduled},
    {"issued", &LoadResult::issued},
    {"requests", &LoadResult::requests},
    {"ok", &LoadResult::ok},
    {"ok_completed", &LoadResult::ok_completed},
    {"censored", &LoadResult::censored},
    {"in_flight_end", &LoadResult::in_flight_end},
    {"not_issued_end", &LoadResult::not_issued_end},
    {"starved", &LoadResult::starved},
    {"bytes_read", &LoadResult::bytes_read},
    {"warmup_requests", &LoadResult::warmup_requests},
    {"warmup_errors", &LoadResult::warmup_errors},
    {"connects", &LoadResult::connects},
    {"closed_by_server", &LoadResult::closed_by_server}};
inline constexpr std::pair<const char*, std::uint64_t ErrorCounts::*> kErrorClasses[] = {
    {"connect", &ErrorCounts::connect}, {"read", &ErrorCounts::read},       {"protocol", &ErrorCounts::protocol},
    {"write", &ErrorCounts::write},     {"timeout", &ErrorCounts::timeout}, {"status", &ErrorCounts::status}};

// config with rate_rps and connections cut to its segment's share (the
// connections split as evenly as possible, the first segments taking the
// remainder); the segment fields stay, so the result says which share it
// measured. Throws std::invalid_argument when the segment is not one of its
// count or would get fewer connections than threads.
LoadConfig segment_share(const LoadConfig& config);

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
