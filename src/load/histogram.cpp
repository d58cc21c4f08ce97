#include "load/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

namespace gilbench::load {

namespace {

// 3 significant digits: 2 * 10^3 rounded up to a power of two sub-buckets,
// so each bucket's linear step is at most 1/1024 of its values.
constexpr int kSubBucketBits = 11;                       // 2048 sub-buckets
constexpr std::int64_t kSubBucketCount = 1 << kSubBucketBits;
constexpr int kHalfBits = kSubBucketBits - 1;
constexpr std::int64_t kHalfCount = 1 << kHalfBits;      // 1024
constexpr std::int64_t kSubBucketMask = kSubBucketCount - 1;

constexpr int bucket_count() {
  int buckets = 1;
  std::int64_t smallest_untrackable = kSubBucketCount;
  while (smallest_untrackable <= Histogram::kHighest) {
    smallest_untrackable <<= 1;
    ++buckets;
  }
  return buckets;
}

constexpr std::size_t kSlots = static_cast<std::size_t>(bucket_count() + 1) * kHalfCount;

}  // namespace

Histogram::Histogram() : counts_(kSlots, 0) {}

std::size_t Histogram::bucket_slots() { return kSlots; }

std::size_t Histogram::index_of(std::int64_t v) const {
  const auto u = static_cast<std::uint64_t>(v);
  const int bucket = 63 - std::countl_zero(u | kSubBucketMask) - kHalfBits;
  const auto sub = static_cast<std::int64_t>(u >> bucket);
  return static_cast<std::size_t>(((bucket + 1) << kHalfBits) + (sub - kHalfCount));
}

// The next slot starts right after this one ends, across bucket edges too.
std::int64_t Histogram::highest_equivalent(std::size_t index) const { return slot_lowest(index + 1) - 1; }

std::int64_t Histogram::slot_lowest(std::size_t slot) {
  int bucket = static_cast<int>(slot >> kHalfBits) - 1;
  std::int64_t sub = static_cast<std::int64_t>(slot & (kHalfCount - 1)) + kHalfCount;
  if (bucket < 0) {
    sub -= kHalfCount;
    bucket = 0;
  }
  return sub << bucket;
}

Histogram Histogram::restore(std::vector<std::uint64_t> counts, const Exact& exact) {
  if (counts.size() != kSlots) throw std::invalid_argument("histogram: wrong number of slots");
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  if (total != exact.count)
    throw std::invalid_argument("histogram: the slots hold " + std::to_string(total) + " values, the totals say " +
                                std::to_string(exact.count));
  Histogram h;
  h.counts_ = std::move(counts);
  h.count_ = exact.count;
  h.clamped_ = exact.clamped;
  h.min_ = exact.min;
  h.max_ = exact.max;
  h.sum_ = exact.sum;
  h.sum_sq_ = exact.sum_sq;
  return h;
}

void Histogram::record_n(std::int64_t value_us, std::uint64_t n) {
  if (n == 0) return;
  if (value_us < 0 || value_us > kHighest) {
    value_us = std::clamp<std::int64_t>(value_us, 0, kHighest);
    clamped_ += n;
  }
  counts_[index_of(value_us)] += n;
  if (count_ == 0 || value_us < min_) min_ = value_us;
  if (count_ == 0 || value_us > max_) max_ = value_us;
  count_ += n;
  const double v = static_cast<double>(value_us);
  sum_ += v * static_cast<double>(n);
  sum_sq_ += v * v * static_cast<double>(n);
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < kSlots; ++i) counts_[i] += other.counts_[i];
  min_ = count_ ? std::min(min_, other.min_) : other.min_;
  max_ = count_ ? std::max(max_, other.max_) : other.max_;
  count_ += other.count_;
  clamped_ += other.clamped_;
  sum_ += other.sum_;
  sum_sq_ += other.sum_sq_;
}

void Histogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = clamped_ = 0;
  min_ = max_ = 0;
  sum_ = sum_sq_ = 0;
}

double Histogram::mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }

double Histogram::stdev() const {
  if (count_ < 2) return 0.0;
  const double n = static_cast<double>(count_);
  const double m = sum_ / n;
  return std::sqrt(std::max(0.0, sum_sq_ / n - m * m));
}

std::int64_t Histogram::percentile(double percentile) const {
  if (count_ == 0) return 0;
  percentile = std::clamp(percentile, 0.0, 100.0);
  // Nearest rank; the epsilon keeps 99.9% of 1000 at rank 999, not 1000.
  auto rank = static_cast<std::uint64_t>(
      std::ceil(percentile / 100.0 * static_cast<double>(count_) - 1e-9));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kSlots; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(highest_equivalent(i), min_, max_);
  }
  return max_;
}

}  // namespace gilbench::load
