#include "models/options.h"

#include <fmt/format.h>

#include <charconv>

#include "models/model.h"

namespace gilbench::models {

namespace {

constexpr int kQueueMin = 1, kQueueMax = 1'000'000;

std::optional<int> parse_queue(std::string_view text) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < kQueueMin || v > kQueueMax)
    return std::nullopt;
  return v;
}

std::string print_int(int v) { return std::to_string(v); }

// An option of type T held in ModelOptions::*opt and ServeConfig::*cfg.
template <class T>
OptionDef typed(OptionDef d, std::optional<T> ModelOptions::*opt, T ServeConfig::*cfg,
                std::optional<T> (*parse)(std::string_view), std::string (*print)(T)) {
  d.integer = std::is_same_v<T, int>;
  d.parse = [opt, parse, choices = d.choices](std::string_view text, ModelOptions& into) -> std::string {
    auto v = parse(text);
    if (!v) return fmt::format("'{}' is not {}", text, choices);
    into.*opt = *v;
    return "";
  };
  d.print = [opt, print](const ModelOptions& o) -> std::optional<std::string> {
    if (!(o.*opt)) return std::nullopt;
    return print(*(o.*opt));
  };
  d.apply = [opt, cfg](const ModelOptions& o, ServeConfig& c) {
    if (o.*opt) c.*cfg = *(o.*opt);
  };
  d.take = [opt, cfg](const ServeConfig& c, ModelOptions& o) { o.*opt = c.*cfg; };
  return d;
}

}  // namespace

std::string to_string(OnFull v) { return v == OnFull::reject ? "reject" : "block"; }
std::string to_string(DbOffloadMode v) { return v == DbOffloadMode::inline_ ? "inline" : "thread"; }

std::optional<OnFull> parse_on_full(std::string_view t) {
  if (t == "block") return OnFull::block;
  if (t == "reject") return OnFull::reject;
  return std::nullopt;
}

std::optional<DbOffloadMode> parse_db_offload(std::string_view t) {
  if (t == "thread") return DbOffloadMode::thread;
  if (t == "inline") return DbOffloadMode::inline_;
  return std::nullopt;
}

const std::vector<OptionDef>& model_options() {
  static const std::vector<OptionDef> defs = {
      typed<int>({.key = "queue",
                  .label = "q=",
                  .choices = fmt::format("an integer in {}..{}", kQueueMin, kQueueMax),
                  .help = "capacity of the bounded work queue (offload: cpu jobs waiting for a pool process)"},
                 &ModelOptions::queue, &ServeConfig::queue, parse_queue, print_int),
      typed<OnFull>({.key = "on_full",
                     .label = "full=",
                     .choices = "block or reject",
                     .help = "when the queue is full, block (stop reading) or reject (503)"},
                    &ModelOptions::on_full, &ServeConfig::on_full, parse_on_full, to_string),
      typed<DbOffloadMode>({.key = "db_offload",
                        .label = "db=",
                        .choices = "thread or inline",
                        .help = "SQLite on its own thread (as aiosqlite) or inline on the loop"},
                       &ModelOptions::db_offload, &ServeConfig::db_offload, parse_db_offload, to_string),
  };
  return defs;
}

const OptionDef* find_option(std::string_view key) {
  for (auto& d : model_options())
    if (d.key == key) return &d;
  return nullptr;
}

std::string OptionDef::flag() const {
  std::string f = "--" + key;
  for (auto& c : f)
    if (c == '_') c = '-';
  return f;
}

std::string OptionDef::default_text() const { return print(options_of(ServeConfig{})).value_or(""); }

std::vector<std::string> serve_args(const ModelOptions& o) {
  std::vector<std::string> args;
  for (auto& d : model_options())
    if (auto v = d.print(o)) args.insert(args.end(), {d.flag(), *v});
  return args;
}

ModelOptions options_of(const ServeConfig& cfg) {
  ModelOptions o;
  for (auto& d : model_options()) d.take(cfg, o);
  return o;
}

void apply(const ModelOptions& o, ServeConfig& cfg) {
  for (auto& d : model_options()) d.apply(o, cfg);
}

std::string check(const ModelOptions& o) {
  for (auto& d : model_options()) {
    auto v = d.print(o);
    ModelOptions scratch;
    if (v)
      if (auto problem = d.parse(*v, scratch); !problem.empty()) return d.flag() + ": " + problem;
  }
  return "";
}

}  // namespace gilbench::models
