// Thresholds and margins of the verdict rules, version kVersion.
// docs/methodology.md ("Statistics", "Verdict rules") gives the reason for
// each value; change both together, and change kVersion with any of them:
// `gilbench report` refuses to combine runs judged under different versions.
#pragma once

#include "results/layout.h"

namespace gilbench::report::rules {

// Recorded in every report, paper and verdicts.json, and by the sweep in
// env.json (results/layout.h holds the one definition).
inline constexpr const char* kVersion = results::kRulesVersion;

// Interval levels: claims against a threshold and superiority use the 95%
// interval; equivalence (two one-sided tests at 5% each) the 90% one.
inline constexpr double kLevel = 0.95;
inline constexpr double kEquivalenceLevel = 0.90;

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

// H2. "Best tail latency" is superiority: async p99 / rival p99 wholly
// below this.
inline constexpr double kBest = 1.0;
// H2. "Competitive" is equivalence: threads / async throughput with its
// 90% interval inside [1 / kMargin, kMargin]. H2's overkill uses the same
// margin for "costs more" and "buys a tail".
inline constexpr double kMargin = 1.25;
// H2. The high level must reach this many connections; the moderate level
// is the highest common one at most kModerateMax.
inline constexpr double kHighConcurrency = 256;
inline constexpr double kModerateMax = 64;

// H3. "threads ≲ async": threads PSS / async PSS below this.
inline constexpr double kAboutEqual = 1.25;
// H3. "≪ processes": per-worker PSS slope of procs minus that of threads,
// MiB per worker, above this.
inline constexpr double kSlopeMargin = 1.0;

// Gates. A p99 comparison with a repetition that failed more than this
// share of its requests cannot decide; a run with more than this share of
// noisy cells cannot decide alone.
inline constexpr double kTailFailShare = 0.001;
inline constexpr double kNoisyShareMax = 0.25;

}  // namespace gilbench::report::rules
