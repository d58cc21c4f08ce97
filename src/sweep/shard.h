// Sharded sweeps (docs/distributed.md): `gilbench sweep FILE --shard i/N`
// runs whole repetition rounds r with r mod N == i - 1, so every shard keeps
// the shuffled interleaving of models within its rounds; `gilbench sweep
// merge DIR... -o OUT` makes one results directory of all N shards.
#pragma once

#include <string>
#include <vector>

#include "results/layout.h"
#include "sweep/spec.h"

namespace gilbench::sweep {

struct Shard {
  int index = 0;  // 0-based
  int count = 1;
  bool whole() const { return count == 1; }
  bool operator==(const Shard&) const = default;
  std::string label() const;  // "2/3", 1-based as on the command line
};

// The cells of `s` in run order. Throws std::runtime_error when the shard
// would get no round (more shards than repetitions).
std::vector<Cell> shard_cells(const std::vector<Cell>& cells, int repetitions, Shard s);

// The shard a results directory holds: from its shard.json, {0, 1} (the
// whole sweep) when it has none. Throws std::runtime_error if malformed.
Shard shard_of(const std::string& dir);

// shard.json's content: the shard and the git revision it was built from.
std::string shard_json(Shard s, const std::string& env_json_text);

struct MergeSummary {
  std::size_t rows = 0;
  int shards = 0;
  std::vector<std::string> hosts;  // distinct, in shard order
};

// Merges the results directories of every shard of one experiment into
// `out` (created; must not exist or be empty): results.csv with every row,
// experiment.toml, env.json (shard 1's), env-shard-<i>.json of every shard,
// shards.csv, cells/, and capacity.csv and pool.csv (run by shard 1).
// Throws std::runtime_error with one line naming the problem: a directory
// that is not a shard's, different experiment files, git revisions or
// shard counts, a shard given twice, missing shards (named), an unfinished shard.
MergeSummary merge_shards(const std::vector<std::string>& dirs, const std::string& out);

}  // namespace gilbench::sweep
