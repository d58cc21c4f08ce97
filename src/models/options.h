// The settings a model reads besides --workers (--queue, --on-full,
// --db-offload): their types, and one table that parses, prints and checks
// them for serve's flags, experiment files and the argv a sweep starts a
// server with. Which model reads which is in models/registry.h.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gilbench::models {

struct ServeConfig;

// threads, offload: what a connection meets when the queue is full.
enum class OnFull { block, reject };
// async, offload: where SQLite lookups run. `inline` is a keyword, hence the _.
enum class DbOffloadMode { thread, inline_ };

std::string to_string(OnFull v);
std::string to_string(DbOffloadMode v);
std::optional<OnFull> parse_on_full(std::string_view text);
std::optional<DbOffloadMode> parse_db_offload(std::string_view text);

// Options as a sweep target (or a command line) sets them: unset ones keep
// the server's default and add no flag, no column and no label text.
struct ModelOptions {
  std::optional<int> queue = {};
  std::optional<OnFull> on_full = {};
  std::optional<DbOffloadMode> db_offload = {};
  bool operator==(const ModelOptions&) const = default;
};

// One option. `key` is its experiment-file key and results.csv column;
// the flag is `--` + key with '-' for '_'.
struct OptionDef {
  std::string key;
  std::string label;    // series label prefix, e.g. "q=" (" q=64"): results/series.cpp
  std::string choices;  // for errors and --help, e.g. "block or reject"
  std::string help;     // what it does; --help prefixes the models that read it
  bool integer = false;  // an integer in experiment files, else a string
  // Reads `text` into `into`; returns "" or the problem, e.g.
  // "'x' is not block or reject".
  std::function<std::string(std::string_view text, ModelOptions& into)> parse = {};
  // The value's text if set.
  std::function<std::optional<std::string>(const ModelOptions&)> print = {};
  // Copies the value, if set, into a server config / reads it from one.
  std::function<void(const ModelOptions&, ServeConfig&)> apply = {};
  std::function<void(const ServeConfig&, ModelOptions&)> take = {};

  std::string flag() const;          // "--on-full"
  std::string default_text() const;  // the value of a default ServeConfig
};

// Every option, in flag and label order.
const std::vector<OptionDef>& model_options();
const OptionDef* find_option(std::string_view key);

// The flags that set `o` on `gilbench serve`, e.g. {"--queue", "8"}.
std::vector<std::string> serve_args(const ModelOptions& o);

// Every option of `cfg`, set.
ModelOptions options_of(const ServeConfig& cfg);
void apply(const ModelOptions& o, ServeConfig& cfg);
// The first set option whose value is out of range: "--queue: '0' is not
// an integer in 1..1000000", or "".
std::string check(const ModelOptions& o);

}  // namespace gilbench::models
