// How much a point can be trusted, for tables and figures: repetitions that
// were degraded, generator-bound, failed or noisy (counted by data.cpp's
// aggregation) are shown, never drawn as if they were fine.
#pragma once

#include <string>

#include "report/data.h"

namespace gilbench::report {

// True if any repetition of the point was not a clean ok one (degraded,
// generator-bound or failed); noisy ones are labelled but not marked.
bool flagged(const Point& p);
// "ok 3/3", "ok 2/3, degraded 1", "ok 2/3, generator-bound 1, noisy 1", ...
std::string status_label(const Point& p);

}  // namespace gilbench::report
