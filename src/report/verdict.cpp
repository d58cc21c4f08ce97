#include "report/verdict.h"

namespace gilbench::report {

std::string to_string(Outcome o) {
  switch (o) {
    case Outcome::supported: return "supported";
    case Outcome::not_supported: return "not supported";
    case Outcome::inconclusive: return "inconclusive";
    default: return "not measured";
  }
}

std::vector<Verdict> verdicts(const std::vector<Point>& points) {
  return {verdict_cpu(points), verdict_io(points), verdict_memory(points)};
}

}  // namespace gilbench::report
