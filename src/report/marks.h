// How much a point can be trusted, for tables and figures: repetitions that
// were degraded, generator-bound or failed are counted from the rows and
// shown, never drawn as if they were fine.
#pragma once

#include <map>
#include <string>
#include <tuple>

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
};

class Marks {
 public:
  explicit Marks(const Results& res);
  RepCounts of(const Point& p) const;
  // True if any repetition of the point was not a clean ok one.
  bool flagged(const Point& p) const;
  // "ok 3/3", "ok 2/3, degraded 1", "ok 2/3, generator-bound 1", ...
  std::string label(const Point& p) const;

 private:
  // Points are keyed as data.cpp groups rows: workload, loop, series, level.
  std::map<std::tuple<std::string, std::string, std::string, double>, RepCounts> counts_;
};

}  // namespace gilbench::report
