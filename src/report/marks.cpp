#include "report/marks.h"

#include <fmt/format.h>

namespace gilbench::report {

bool flagged(const Point& p) { return p.failed_reps > 0; }

std::string status_label(const Point& p) {
  std::string s = fmt::format("ok {}/{}", p.ok_reps, p.ok_reps + p.failed_reps);
  if (p.failed_reps) s += fmt::format(", failed {}", p.failed_reps);
  return s;
}

}  // namespace gilbench::report
