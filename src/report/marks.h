// How much a point can be trusted, for tables and figures: repetitions that
// were degraded, generator-bound, failed or noisy (counted by data.cpp's
// aggregation) are shown, never drawn as if they were fine.
#pragma once

#include <string>

#include "report/data.h"

namespace gilbench::report {

// Repetitions of one point by what they can be trusted for; a degraded
// repetition may also be generator-bound, so the parts can exceed `reps`.
struct RepCounts {
  int reps = 0;             // rows of the point
  int clean = 0;            // status ok and not generator-bound
  int degraded = 0;         // status degraded (errors or censored above 1%)
  int generator_bound = 0;  // flagged generator_bound (status ok or degraded)
  int failed = 0;
  int noisy = 0;            // flagged noisy by the noise monitor (any status)
};

class Marks {
 public:
  explicit Marks(const Results&) {}
  RepCounts of(const Point& p) const;
  // True if any repetition of the point was not a clean ok one.
  bool flagged(const Point& p) const;
  // "ok 3/3", "ok 2/3, degraded 1", "ok 2/3, generator-bound 1", ...
  std::string label(const Point& p) const;
};

}  // namespace gilbench::report
