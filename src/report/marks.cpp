#include "report/marks.h"

#include <fmt/format.h>

#include "report/sections.h"

namespace gilbench::report {

Marks::Marks(const Results& res) {
  for (auto& r : res.rows) {
    std::string loop = field(r, "loop"), status = field(r, "status"), gb = field(r, "generator_bound");
    double x = number(r, loop == "open" ? "rate_rps" : "connections").value_or(0);
    auto& c = counts_[{workload_of(r), loop, series_of(r), x}];
    bool bound = status != "failed" && (gb == "1" || gb == "true");
    if (status == "failed") ++c.failed;
    else if (status == "degraded") ++c.degraded;
    else if (!bound) ++c.clean;
    c.generator_bound += bound;
    ++c.reps;
  }
}

RepCounts Marks::of(const Point& p) const {
  auto it = counts_.find({p.workload, p.loop, p.series, p.x});
  return it == counts_.end() ? RepCounts{} : it->second;
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
  return s;
}

}  // namespace gilbench::report
