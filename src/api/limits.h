// Server-wide bounds on what one /score request may ask for. Set by `serve`
// flags (--max-iters); workloads read the ones that apply to their fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <climits>

namespace gilbench::api {

struct Limits {
  std::int64_t max_iters = 10'000'000;
  double max_wait_ms = 60'000.0;
  std::size_t max_key_bytes = 256;
  std::size_t max_seed_bytes = 4096;
  // The work one request may ask for, in bytes fed to SHA-256 (each call
  // counted as at least one 64-byte block): 4 GiB is a few seconds of one
  // core (docs/api.md, "Work budget"). Bounds work, where max_iters bounds
  // one field: hash size x iters was days of work within max_iters.
  std::int64_t max_work_bytes = std::int64_t{4} << 30;

  // The widest limits `serve` accepts: what a request built offline (an
  // experiment file's workload, `gilbench pool`'s task) is checked against.
  static Limits widest() {
    Limits l;
    l.max_iters = 1'000'000'000;
    l.max_work_bytes = INT64_MAX;
    return l;
  }
};

}  // namespace gilbench::api
