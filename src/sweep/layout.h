// Where a sweep's results directory goes and how an unfinished one is found
// again; the files inside it are results/layout.h's.
#pragma once

#include <optional>
#include <string>

#include "results/layout.h"

namespace gilbench::sweep {

// <base>/<name>-YYYYMMDD-HHMMSS (UTC); a suffix is added if it exists.
std::string new_results_dir(const std::string& base, const std::string& name);

// The newest <base>/<name>-* whose experiment.toml equals `experiment_text`
// and whose results.csv holds fewer than `cells` rows: the sweep that this
// same command started and did not finish.
std::optional<std::string> find_unfinished(const std::string& base, const std::string& name,
                                           const std::string& experiment_text, std::size_t cells);

}  // namespace gilbench::sweep
