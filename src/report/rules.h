// Thresholds of the verdict rules. Each is the line a comparison's 95%
// interval must clear entirely; an interval that straddles it leaves the
// comparison inconclusive. docs/methodology.md ("Verdict rules") gives the
// reasons for each value; change both together.
#pragma once

namespace gilbench::report::rules {

// H1. A speedup of throughput from the lowest to the highest common
// concurrency above this is "keeps scaling", below it "stops scaling". 1.4
// is about the geometric midpoint of no scaling (1x) and the ideal on two
// cores (2x): a threshold nearer 1 would call noise scaling.
inline constexpr double kScales = 1.4;
// H1. "Processes win": process model / threads throughput at equal workers
// and the highest common concurrency above this.
inline constexpr double kProcsWin = 1.3;
// H1. The plan's "moderate and larger task sizes": from this many SHA-256
// iterations on, processes must win; smaller tasks are shown as context.
inline constexpr double kModerateIters = 150000;

// H2. "Best tail latency": async p99 / rival p99 below this (within 10% of
// the best counts as best; closer than that, p99 on a shared machine ties).
inline constexpr double kTail = 1.10;
// H2. "Competitive": threads throughput / rival throughput above this at
// moderate concurrency (c <= workers).
inline constexpr double kCompetitive = 0.80;
// H2. "Overkill": processes cost more than this times threads per answered
// request (PSS or CPU seconds) while gaining less than this in throughput
// and in p99 at equal workers.
inline constexpr double kOverkill = 1.25;
// H2. Concurrency must reach this many times the workers: well past the
// worker count, where the models differ.
inline constexpr double kPastWorkers = 4;

// H3. "threads ≲ async": threads PSS / async PSS below this.
inline constexpr double kAboutEqual = 1.25;
// H3. "≪ processes": processes' PSS / async's (and / threads' at equal
// workers) above this.
inline constexpr double kMuchLess = 2.0;

}  // namespace gilbench::report::rules
