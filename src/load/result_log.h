// A load result as a file: HdrHistogram's interval log (format version 1.3),
// one interval -- the measured window -- per histogram, each line tagged with
// the histogram's name (Tag=latency is the corrected latency, Tag=ulatency
// the uncorrected; the rest are in docs/load.md). Tools that read interval
// logs (HistogramLogProcessor, the HdrHistogram libraries) read the
// histograms; the counts, error classes, generator self-check, timeline and
// each histogram's exact sum/min/clamped figures ride in one comment line,
// "#[gilbench-result: {json}]", which those tools skip. `gilbench load merge`
// reads both back. Values are microseconds; Interval_Max is in milliseconds.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "load/load.h"

namespace gilbench::load {

void write_result_log(std::ostream& out, const LoadResult& r);
// Throws std::invalid_argument "<name>: line N: why" on anything malformed,
// a missing histogram or figures, or counts that disagree with the histograms.
LoadResult read_result_log(std::istream& in, const std::string& name);

}  // namespace gilbench::load
