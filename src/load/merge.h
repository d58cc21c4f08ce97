// Combining load results: the threads of one run (run_load) and the
// generators of one distributed run (`gilbench load merge`). Counts and
// histograms add exactly, so the merged percentiles are those of one
// histogram holding every sample.
#pragma once

#include <vector>

#include "load/load.h"

namespace gilbench::load {

// Adds from's counts, error classes, histograms and timeline (per second of
// the window) into `to`. The timeline's lat_mean_us are added as sums of
// 2xx latencies; the caller divides by ok. Durations, connections_mean,
// generator figures and the config are the caller's to combine.
void merge_into(LoadResult& to, const LoadResult& from);

// The result of several generators that loaded one target over aligned
// windows (`--segment`, `--start-at`): counts, error classes and histograms
// summed; window = the longest; rate and connections summed; generator
// self-check: bound when any generator was, or when the rule
// (generator_check.h) finds the merged figures bound; its CPU is the
// busiest generator's. Throws std::invalid_argument when `parts` is empty or
// mixes open and closed loops, or the segments repeat or disagree on their count.
LoadResult merge_results(const std::vector<LoadResult>& parts);

}  // namespace gilbench::load
