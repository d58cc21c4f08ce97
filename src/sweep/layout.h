// Where a sweep's files go: results/<name>-<timestamp>/ holding results.csv,
// env.json, experiment.toml, pool.csv and cells/<cell_id>-r<rep>/ with each
// cell's spectrum.csv, timeline.csv and target.log.
#pragma once

#include <optional>
#include <string>

namespace gilbench::sweep {

inline constexpr const char* kResultsCsv = "results.csv";
inline constexpr const char* kEnvJson = "env.json";
inline constexpr const char* kExperimentCopy = "experiment.toml";
inline constexpr const char* kPoolCsv = "pool.csv";
inline constexpr const char* kCapacityCsv = "capacity.csv";

// <base>/<name>-YYYYMMDD-HHMMSS (UTC); a suffix is added if it exists.
std::string new_results_dir(const std::string& base, const std::string& name);

// The newest <base>/<name>-* whose experiment.toml equals `experiment_text`
// and whose results.csv holds fewer than `cells` rows: the sweep that this
// same command started and did not finish.
std::optional<std::string> find_unfinished(const std::string& base, const std::string& name,
                                           const std::string& experiment_text, std::size_t cells);

std::string cell_dir(const std::string& results_dir, const std::string& cell_id, int rep);

}  // namespace gilbench::sweep
