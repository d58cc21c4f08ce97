// Capacity at a latency objective (`gilbench load --find-rate --slo
// p99=50ms`): the highest open-loop rate whose latency quantile meets the
// objective in a run that is neither degraded nor generator-bound, found by
// bisection between a rate known to pass and one known to fail.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "load/load.h"

namespace gilbench::load {

// A latency objective: `quantile` in percent (99 for p99, 99.9 for p99.9),
// `limit_us` the highest acceptable value of that quantile.
struct Slo {
  double quantile = 99;
  double limit_us = 50'000;
};

// "p99=50ms", "p50=2ms", "p99.9=500us", "p90=1.5s" (units us, ms, s).
// Throws std::invalid_argument naming what is wrong.
Slo parse_slo(const std::string& text);
std::string to_string(const Slo& slo);  // "p99=50ms" form

struct FindRateOptions {
  // Bracket in req/s. rate_lo 0: start from a short closed-loop probe's
  // throughput; rate_hi 0: double from rate_lo until a probe fails.
  double rate_lo = 0;
  double rate_hi = 0;
  double probe_s = 3;         // measured window of each probe
  double warmup_s = 0.5;      // before each probe's window
  double precision = 0.03;    // stop when (hi - lo) / lo is below this
  int max_probes = 24;        // hard bound on the number of runs
  double max_failure_share = 0.01;  // a probe above this is degraded
  // Runs one probe; defaults to run_load. A seam for tests.
  std::function<LoadResult(const LoadConfig&)> run;
};

struct RateProbe {
  double rate_rps = 0;       // intended (0 for the closed-loop starting probe)
  std::string loop;          // open or closed
  double quantile_us = 0;    // the SLO quantile of 2xx + censored latency
  double failure_share = 0;
  double achieved_rps = 0;
  double throughput_rps = 0;
  std::uint64_t ok = 0;      // 2xx answers in the probe's window
  // pass, or the first failure: slo (quantile above the limit), then
  // generator_bound, then degraded; or start (the closed-loop probe that
  // seeds the bracket)
  std::string status;
  // Every reason it failed, the status's first: "p99 80000 us > 50000 us;
  // degraded: 12.5% failed or censored; generator_bound: ..."; "" if it passed.
  std::string reason;
};

struct FindRateResult {
  Slo slo;
  bool found = false;        // some open-loop rate passed
  double rate_rps = 0;       // the highest passing rate (0 if none)
  double lo = 0, hi = 0;     // the final bracket: lo passed, hi failed (hi 0: no failure seen)
  std::string note;          // why the search stopped
  std::vector<RateProbe> probes;  // in the order they ran
};

// `base` gives the target, workload, threads and connections; its rate,
// duration and warm-up are replaced per probe. Throws std::invalid_argument
// for a bad base or options, LoadError if the target is unreachable. Each
// probe is written to *progress (one line) as it finishes when non-null.
FindRateResult find_rate(const LoadConfig& base, const Slo& slo, const FindRateOptions& options,
                         std::ostream* progress);

void write_find_rate_table(std::ostream& out, const FindRateResult& r);  // for humans
void write_find_rate_json(std::ostream& out, const FindRateResult& r);

}  // namespace gilbench::load
