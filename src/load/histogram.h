// A log-linear latency histogram in the manner of HdrHistogram: values are
// integers in microseconds, kept to 3 significant digits (relative error
// below 1/1024) from 0 to 60 s, in a fixed array whose size does not depend on
// how many values are recorded. Values above the range are clamped to the
// highest trackable value and counted, never dropped. Not thread-safe: each
// load thread owns its histograms and they are merged at the end.
#pragma once

#include <cstdint>
#include <vector>

namespace gilbench::load {

class Histogram {
 public:
  static constexpr std::int64_t kHighest = 60'000'000;  // 60 s in µs

  Histogram();

  void record(std::int64_t value_us) { record_n(value_us, 1); }
  void record_n(std::int64_t value_us, std::uint64_t n);
  void merge(const Histogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  // Values that fell outside [0, kHighest] and were clamped into it.
  std::uint64_t clamped() const { return clamped_; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }
  // Mean and standard deviation of the values as recorded (after clamping),
  // from exact running sums, not from bucket midpoints.
  double mean() const;
  double stdev() const;
  // The smallest recorded value v such that at least `percentile`% of the
  // values are <= v, reported as the highest value of its bucket (so it never
  // understates); 0 when empty. percentile in [0, 100]; 100 gives max().
  std::int64_t percentile(double percentile) const;

  // Size of the count array; constant, for memory accounting and tests.
  static std::size_t bucket_slots();

  // The count array, slot by slot. Its layout is HdrHistogram's for
  // lowestDiscernibleValue 1, highestTrackableValue kHighest and 3
  // significant digits, so it is written out as is (load/hdr_encoding.h).
  const std::vector<std::uint64_t>& slot_counts() const { return counts_; }
  // The smallest value that lands in `slot`.
  static std::int64_t slot_lowest(std::size_t slot);

  // The exact running figures that the count array alone cannot give back
  // (bucket midpoints would make the mean and the extremes approximate).
  struct Exact {
    std::uint64_t count = 0, clamped = 0;
    std::int64_t min = 0, max = 0;
    double sum = 0, sum_sq = 0;
  };
  Exact exact() const { return {count_, clamped_, min_, max_, sum_, sum_sq_}; }
  // Rebuilds a histogram that was written out: `counts` slot by slot (the
  // size must be bucket_slots()) and the figures of exact(). Throws
  // std::invalid_argument when the two disagree on the count.
  static Histogram restore(std::vector<std::uint64_t> counts, const Exact& exact);

 private:
  std::size_t index_of(std::int64_t v) const;
  std::int64_t highest_equivalent(std::size_t index) const;

  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t clamped_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
  double sum_ = 0;
  double sum_sq_ = 0;
};

}  // namespace gilbench::load
