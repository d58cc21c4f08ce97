#include "report/marks.h"

#include <fmt/format.h>

namespace gilbench::report {

bool flagged(const Point& p) { return p.degraded_reps + p.generator_bound_reps + p.failed_reps > 0; }

std::string status_label(const Point& p) {
  const int reps = p.ok_reps + p.degraded_reps + p.generator_bound_reps + p.failed_reps;
  std::string s = fmt::format("ok {}/{}", p.ok_reps, reps);
  if (p.degraded_reps) s += fmt::format(", degraded {}", p.degraded_reps);
  if (p.generator_bound_reps) s += fmt::format(", generator-bound {}", p.generator_bound_reps);
  if (p.failed_reps) s += fmt::format(", failed {}", p.failed_reps);
  if (p.noisy_reps) s += fmt::format(", noisy {}", p.noisy_reps);
  return s;
}

}  // namespace gilbench::report
