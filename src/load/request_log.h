// The per-request log (`gilbench load --log-requests FILE`): one line per
// request scheduled in the measured window, so its percentiles can be
// recomputed independently of the histograms (bench/request_log_check.py).
#pragma once

#include <cstdint>
#include <ostream>
#include <vector>

namespace gilbench::load {

struct RequestRecord {
  // Outcomes that are not an HTTP status.
  static constexpr int kRead = -1, kWrite = -2, kTimeout = -3, kCensored = -4;
  std::int64_t intended_ns = 0;  // steady clock; the write time in closed loop
  std::int64_t sent_ns = 0;      // 0: never written
  std::int64_t done_ns = 0;      // answer, failure, or the drain deadline (censored)
  int outcome = 0;               // HTTP status, or one of the k* above
};

// Writes a comment header and one line per record, ordered by intended time:
//   intended_ns sent_ns done_ns outcome
// times in ns from `origin_ns` (the window's start; sent_ns -1 = never
// written), outcome an HTTP status or read|write|timeout|censored.
void write_request_log(std::ostream& out, std::vector<RequestRecord> records, std::int64_t origin_ns,
                       std::int64_t window_ns, std::int64_t drain_deadline_ns);

}  // namespace gilbench::load
