// The plan's optional energy hypothesis, decided only where the sweep read
// energy counters (results.csv energy_* columns); see docs/methodology.md.
#pragma once

#include <string>
#include <vector>

#include "report/data.h"
#include "report/verdict.h"

namespace gilbench::report {

// The ratio's 95% interval must lie wholly above 1 (procs costs more) or
// below 1 (async costs less): the plan's claim is an order, not a margin.
inline constexpr double kEnergySame = 1.0;

// Verdict id 4; not_measured with `why_not` in its answer when no point
// has energy per answer.
Verdict verdict_energy(const std::vector<Point>& pts, const std::string& why_not);
// Why this run has no energy figures: the sweep's recorded reason, or that
// the CSV predates the energy columns.
std::string energy_not_measured_reason(const Results& res);

}  // namespace gilbench::report
