// A merged sharded sweep (`gilbench sweep merge`) ran its cells on several
// machines: the report says so and shows each machine's context beside the
// run context, since ratios between cells of different machines mix two
// machines' speeds. Reads shards.csv and env-shard-<i>.json (results/layout.h).
#include <fmt/format.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "report/sections.h"
#include "results/csv.h"
#include "results/layout.h"

namespace gilbench::report {

namespace {

struct Machine {
  std::string host, cpu, cores, kernel;
  std::size_t cells = 0;
};

std::string field(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return "";
  return v->is_string() ? std::string(v->as_string()) : boost::json::serialize(*v);
}

// Shard number -> its machine, with the cells it ran; empty when the
// directory is not a merged sharded sweep.
std::map<int, Machine> machines_of(const std::string& dir) {
  std::map<int, Machine> out;
  const std::string map = dir + "/" + results::kShardsCsv;
  if (!std::filesystem::exists(map)) return out;
  for (auto& row : results::read_csv(map)) {
    const int shard = std::atoi(row["shard"].c_str());
    auto& m = out[shard];
    ++m.cells;
    if (!m.host.empty()) continue;
    std::ifstream in(dir + "/" + results::shard_env_json(shard));
    std::stringstream s;
    s << in.rdbuf();
    boost::system::error_code ec;
    auto v = boost::json::parse(s.str(), ec);
    if (ec || !v.is_object()) continue;
    const auto& o = v.as_object();
    m = {field(o, "host"), field(o, "cpu_model"), field(o, "cores_online"), field(o, "kernel"), m.cells};
  }
  return out;
}

}  // namespace

void machine_blocks(Document& d, const Results& res) {
  const auto machines = machines_of(res.dir);
  if (machines.empty()) return;
  std::set<std::string> hosts, kinds;
  for (auto& [shard, m] : machines) {
    hosts.insert(m.host);
    kinds.insert(m.cpu + "|" + m.cores + "|" + m.kernel);
  }
  std::string note = fmt::format("This run was split into {} shards (sweep --shard) and merged. ", machines.size());
  if (hosts.size() > 1 || kinds.size() > 1)
    note += fmt::format("Its cells came from {} different machines{}: each repetition round ran whole on one "
                        "machine, so ratios within a round compare like with like, but the spread across "
                        "repetitions includes the machines' differences.",
                        hosts.size(), kinds.size() > 1 ? " of different kinds" : "");
  else
    note += "Every shard ran on the same machine.";
  d.push_back(para(note));
  auto t = table({"shard", "host", "cpu_model", "cores_online", "kernel", "cells"});
  for (auto& [shard, m] : machines)
    t.rows.push_back({std::to_string(shard), m.host, m.cpu, m.cores, m.kernel, std::to_string(m.cells)});
  d.push_back(t);
}

}  // namespace gilbench::report
