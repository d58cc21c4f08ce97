// The files of a results directory, as the sweep writes them and the report
// reads them: results/<name>-<timestamp>/ holding results.csv, env.json,
// experiment.toml, pool.csv, capacity.csv and cells/<cell_id>-r<rep>/ with
// each cell's spectrum.csv, timeline.csv and target.log.
#pragma once

#include <string>

namespace gilbench::results {

inline constexpr const char* kResultsCsv = "results.csv";
inline constexpr const char* kEnvJson = "env.json";
inline constexpr const char* kExperimentCopy = "experiment.toml";
inline constexpr const char* kPoolCsv = "pool.csv";
inline constexpr const char* kCapacityCsv = "capacity.csv";
// The version of the verdict rules (docs/methodology.md) this build judges
// by: the sweep records it in env.json, and `gilbench report` refuses to
// combine runs that record different ones.
inline constexpr const char* kRulesVersion = "2026-12-02";
// Sharded sweeps (sweep/shard.h): shard.json in each shard's directory;
// shards.csv (shard,host,cell_id,rep) and env-shard-<i>.json, each machine's
// env.json, in the merged one.
inline constexpr const char* kShardJson = "shard.json";
inline constexpr const char* kShardsCsv = "shards.csv";
inline std::string shard_env_json(int shard) { return "env-shard-" + std::to_string(shard) + ".json"; }
// "<pgid> <token>" of the target running now (sweep/target.h): what a
// killed sweep left is found and stopped by the next sweep of the directory.
inline constexpr const char* kTargetPgid = "target.pgid";

std::string cell_dir(const std::string& results_dir, const std::string& cell_id, int rep);

}  // namespace gilbench::results
