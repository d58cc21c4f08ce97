// Verdicts on the three hypotheses of the original plan (DESIGN.md, Report),
// computed from aggregated points with the rules of docs/methodology.md.
// Only gilbench targets decide a verdict; peers are context.
#pragma once

#include <string>
#include <vector>

#include "report/data.h"

namespace gilbench::report {

enum class Outcome { supported, not_supported, not_measured };
std::string to_string(Outcome o);

struct Verdict {
  int id = 0;             // 1, 2, 3
  std::string hypothesis;  // as stated in the plan
  Outcome outcome = Outcome::not_measured;
  std::string rule;       // the rule applied, in words
  std::vector<std::string> evidence;  // the numbers that decided it
};

Verdict verdict_cpu(const std::vector<Point>& points);     // 1
Verdict verdict_io(const std::vector<Point>& points);      // 2
Verdict verdict_memory(const std::vector<Point>& points);  // 3
std::vector<Verdict> verdicts(const std::vector<Point>& points);

// Thresholds of the rules (documented in docs/methodology.md).
inline constexpr double kPlateauRatio = 1.3;   // thr(c_hi)/thr(c_lo) at most this: a plateau
inline constexpr double kWinRatio = 1.3;       // procs at least this x the best of threads/async
inline constexpr double kTailSlack = 1.10;     // async p99 within 10% of the best p99
inline constexpr double kCompetitive = 0.80;   // threads at least 80% of the best throughput
inline constexpr double kOverkill = 1.10;      // procs at most 10% above the best throughput
inline constexpr double kAboutEqual = 1.20;    // "threads ≲ async": at most 20% above
inline constexpr double kMuchLess = 2.0;       // "≪ processes": procs at least 2x

}  // namespace gilbench::report
