// A reader of HdrHistogram interval logs written from the format's
// specification alone (HdrHistogram's "Histogram log format" and its V2
// compressed histogram encoding), sharing no code with gilbench's writer:
// base64 -> [cookie 0x1c849314, length, zlib stream] -> [cookie 0x1c849313,
// payload length, normalizing offset, digits, lowest, highest, ratio] ->
// ZigZag LEB128 counts, negative = a run of empty slots. Tests use it to
// check that what gilbench writes is what another tool would read.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gilbench::testing {

struct SpecHistogram {
  std::string tag;
  double start_s = 0, length_s = 0, max_field = 0;
  int digits = 0;
  std::int64_t lowest = 0, highest = 0;
  std::map<std::int64_t, std::uint64_t> counts;  // lowest value of each non-empty slot -> count
  std::uint64_t total() const;
  // Nearest-rank percentile, reported as the highest value equivalent to
  // its slot (as HdrHistogram's getValueAtPercentile does).
  std::int64_t percentile(double p) const;
};

struct SpecLog {
  std::string version;      // from "#[Histogram log format version X]"
  double start_time = -1;   // "#[StartTime: S ..."
  double base_time = -1;    // "#[BaseTime: S ..."
  std::vector<SpecHistogram> intervals;
  const SpecHistogram* find(const std::string& tag) const;
};

// Throws std::runtime_error on anything the specification does not allow.
SpecLog read_spec_log(const std::string& text);

}  // namespace gilbench::testing
