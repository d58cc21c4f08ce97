#include "sweep/shard.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "results/csv.h"
#include "results/layout.h"

namespace gilbench::sweep {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string Shard::label() const { return fmt::format("{}/{}", index + 1, count); }

std::vector<Cell> shard_cells(const std::vector<Cell>& cells, int repetitions, Shard s) {
  if (s.count < 1 || s.index < 0 || s.index >= s.count)
    throw std::runtime_error(fmt::format("shard {} does not exist", s.label()));
  if (s.count > repetitions)
    throw std::runtime_error(fmt::format("shard {}: the experiment has {} repetition round(s) and each shard runs "
                                         "whole rounds, so use at most {} shards",
                                         s.label(), repetitions, repetitions));
  std::vector<Cell> out;
  for (const auto& c : cells)
    if (c.rep % s.count == s.index) out.push_back(c);
  return out;
}

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", p.string()));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string git_of(const std::string& env_text) {
  boost::system::error_code ec;
  const auto v = json::parse(env_text, ec);
  if (ec || !v.is_object()) return "";
  const auto* sha = v.as_object().if_contains("git_sha");
  return sha && sha->is_string() ? std::string(sha->as_string()) : "";
}

std::string host_of(const std::string& env_text) {
  boost::system::error_code ec;
  const auto v = json::parse(env_text, ec);
  const auto* h = !ec && v.is_object() ? v.as_object().if_contains("host") : nullptr;
  return h && h->is_string() ? std::string(h->as_string()) : "?";
}

struct ShardDir {
  std::string dir;
  Shard shard;
  std::string experiment, env, git;
  std::vector<results::Row> rows;
};

ShardDir read_shard(const std::string& dir) {
  ShardDir d;
  d.dir = dir;
  const fs::path p(dir);
  if (!fs::exists(p / results::kShardJson))
    throw std::runtime_error(fmt::format("{} is not a shard's results directory (no {}; made by sweep --shard)", dir,
                                         results::kShardJson));
  d.shard = shard_of(dir);
  d.experiment = read_text(p / results::kExperimentCopy);
  d.env = read_text(p / results::kEnvJson);
  d.git = git_of(d.env);
  d.rows = results::read_csv((p / results::kResultsCsv).string());
  return d;
}

// One line for the first disagreement between shards, or missing ones.
void check_shards(const std::vector<ShardDir>& s) {
  const ShardDir& a = s[0];
  std::map<int, std::string> seen;
  for (const auto& b : s) {
    if (b.experiment != a.experiment)
      throw std::runtime_error(fmt::format("{} and {} were made by different experiment files", a.dir, b.dir));
    if (b.git != a.git)
      throw std::runtime_error(fmt::format("{} (git {}) and {} (git {}) were built from different git revisions",
                                           a.dir, a.git.empty() ? "unknown" : a.git, b.dir,
                                           b.git.empty() ? "unknown" : b.git));
    if (b.shard.count != a.shard.count)
      throw std::runtime_error(fmt::format("{} is shard {} but {} is shard {}: different shard counts", a.dir,
                                           a.shard.label(), b.dir, b.shard.label()));
    if (auto [it, fresh] = seen.emplace(b.shard.index, b.dir); !fresh)
      throw std::runtime_error(fmt::format("shard {} given twice ({} and {})", b.shard.label(), it->second, b.dir));
  }
  std::string missing;
  for (int i = 0; i < a.shard.count; ++i)
    if (!seen.count(i)) missing += (missing.empty() ? "" : ", ") + Shard{i, a.shard.count}.label();
  if (!missing.empty()) throw std::runtime_error(fmt::format("missing shard(s) {}", missing));
  const Experiment e = parse_experiment(a.experiment, "experiment.toml");
  for (const auto& b : s) {
    const auto want = shard_cells(e.cells(), e.repetitions, b.shard).size();
    if (b.rows.size() < want)
      throw std::runtime_error(fmt::format("{}: shard {} is unfinished ({} of {} cells); rerun its sweep command to "
                                           "finish it",
                                           b.dir, b.shard.label(), b.rows.size(), want));
  }
}

}  // namespace

Shard shard_of(const std::string& dir) {
  const fs::path p = fs::path(dir) / results::kShardJson;
  if (!fs::exists(p)) return {};
  boost::system::error_code ec;
  const auto v = json::parse(read_text(p), ec);
  try {
    const auto& o = v.as_object();
    Shard s{static_cast<int>(o.at("index").to_number<int>()) - 1, static_cast<int>(o.at("count").to_number<int>())};
    if (s.count < 1 || s.index < 0 || s.index >= s.count) throw std::out_of_range("shard");
    return s;
  } catch (const std::exception&) {
    throw std::runtime_error(fmt::format("{} is malformed", p.string()));
  }
}

std::string shard_json(Shard s, const std::string& env_json_text) {
  return json::serialize(json::object{{"index", s.index + 1}, {"count", s.count}, {"git_sha", git_of(env_json_text)}}) +
         "\n";
}

MergeSummary merge_shards(const std::vector<std::string>& dirs, const std::string& out) {
  if (dirs.empty()) throw std::runtime_error("no shard directories to merge");
  std::vector<ShardDir> shards;
  for (const auto& d : dirs) shards.push_back(read_shard(d));
  check_shards(shards);
  std::sort(shards.begin(), shards.end(), [](auto& a, auto& b) { return a.shard.index < b.shard.index; });
  const fs::path o(out);
  if (fs::exists(o) && !fs::is_empty(o)) throw std::runtime_error(fmt::format("{} exists and is not empty", out));
  fs::create_directories(o / "cells");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream f(o / name);
    f << text;
    if (!f) throw std::runtime_error(fmt::format("cannot write {}", (o / name).string()));
  };
  write(results::kExperimentCopy, shards[0].experiment);
  write(results::kEnvJson, shards[0].env);
  MergeSummary sum;
  sum.shards = static_cast<int>(shards.size());
  std::string map = "shard,host,cell_id,rep\n";
  results::CsvAppender csv((o / results::kResultsCsv).string(), results::result_columns());
  for (const auto& s : shards) {
    const std::string host = host_of(s.env);
    if (std::find(sum.hosts.begin(), sum.hosts.end(), host) == sum.hosts.end()) sum.hosts.push_back(host);
    write(results::shard_env_json(s.shard.index + 1), s.env);
    for (const auto& r : s.rows) {
      results::Row row;  // only the columns this gilbench knows: a newer shard's extra ones would not fit
      for (const auto& c : results::result_columns())
        if (auto it = r.find(c); it != r.end()) row[c] = it->second;
      csv.append(row);
      map += fmt::format("{},{},{},{}\n", s.shard.index + 1, results::csv_escape(host), row["cell_id"], row["rep"]);
      ++sum.rows;
    }
    const fs::path cells = fs::path(s.dir) / "cells";
    if (fs::exists(cells)) fs::copy(cells, o / "cells", fs::copy_options::recursive | fs::copy_options::skip_existing);
    for (const char* f : {results::kCapacityCsv, results::kPoolCsv})
      if (fs::exists(fs::path(s.dir) / f) && !fs::exists(o / f)) fs::copy_file(fs::path(s.dir) / f, o / f);
  }
  write(results::kShardsCsv, map);
  return sum;
}

}  // namespace gilbench::sweep
