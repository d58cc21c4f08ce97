#include "results/row.h"

#include <cmath>
#include <cstdlib>

namespace gilbench::results {

std::string text(const Row& r, const std::string& column) {
  auto it = r.find(column);
  return it == r.end() ? "" : it->second;
}

std::optional<double> number(const Row& r, const std::string& column) {
  auto it = r.find(column);
  if (it == r.end() || it->second.empty()) return std::nullopt;
  const std::string& s = it->second;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

Tally tally(const std::vector<Row>& rows) {
  Tally t;
  for (auto& r : rows) {
    t.degraded += status(r) == Status::degraded;
    t.failed += status(r) == Status::failed;
    t.generator_bound += flag(r, "generator_bound");
    t.generator_column = t.generator_column || r.count("generator_bound");
  }
  return t;
}

bool flag(const Row& r, const std::string& column) {
  const std::string v = text(r, column);
  return v == "1" || v == "true" || v == "yes";
}

}  // namespace gilbench::results
