#include "report/verdict.h"

#include <string>

namespace gilbench::report {

std::string to_string(Outcome o) {
  switch (o) {
    case Outcome::supported: return "supported";
    case Outcome::not_supported: return "not supported";
    case Outcome::inconclusive: return "inconclusive";
    default: return "not measured";
  }
}

std::string scope_of(const Verdict& v) {
  return v.runs > 1 ? "over " + std::to_string(v.runs) + " runs" : "within this run";
}

std::vector<Verdict> verdicts(const std::vector<Point>& points) {
  return {verdict_cpu(points), verdict_io(points), verdict_memory(points)};
}

}  // namespace gilbench::report
