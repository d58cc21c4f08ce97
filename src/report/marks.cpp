#include "report/marks.h"

#include <fmt/format.h>

namespace gilbench::report {

RepCounts Marks::of(const Point& p) const {
  RepCounts c;
  c.clean = p.ok_reps;
  c.degraded = p.degraded_reps;
  c.generator_bound = p.generator_bound_reps;
  c.failed = p.failed_reps;
  c.noisy = p.noisy_reps;
  c.reps = p.ok_reps + p.degraded_reps + p.generator_bound_reps + p.failed_reps;
  return c;
}

bool Marks::flagged(const Point& p) const {
  auto c = of(p);
  return c.degraded + c.generator_bound + c.failed > 0;
}

std::string Marks::label(const Point& p) const {
  auto c = of(p);
  std::string s = fmt::format("ok {}/{}", c.clean, c.reps);
  if (c.degraded) s += fmt::format(", degraded {}", c.degraded);
  if (c.generator_bound) s += fmt::format(", generator-bound {}", c.generator_bound);
  if (c.failed) s += fmt::format(", failed {}", c.failed);
  if (c.noisy) s += fmt::format(", noisy {}", c.noisy);
  return s;
}

}  // namespace gilbench::report
