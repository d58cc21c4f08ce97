#include "engines/options.h"

#include <fmt/format.h>

#include <charconv>

#include "engines/registry.h"

namespace gilbench::engines {

std::string to_string(GilMode g) {
  switch (g) {
    case GilMode::on: return "on";
    case GilMode::off: return "off";
    case GilMode::default_: break;
  }
  return "default";
}

std::string EngineOptionDef::flag() const {
  std::string f = "--" + key;
  for (auto& c : f)
    if (c == '_') c = '-';
  return f;
}

namespace {

std::string parse_interval(std::string_view text, EngineOptions& o) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v >= 0 && v <= 10000))
    return fmt::format("'{}' is not a number of milliseconds in 0..10000", text);
  o.switch_interval_ms = v;
  return "";
}

std::string parse_gil(std::string_view text, EngineOptions& o) {
  if (text == "on") o.gil = GilMode::on;
  else if (text == "off") o.gil = GilMode::off;
  else if (text == "default") o.gil = GilMode::default_;
  else return fmt::format("'{}' is not on, off or default", text);
  return "";
}

}  // namespace

const std::vector<EngineOptionDef>& engine_options() {
  static const std::vector<EngineOptionDef> defs = {
      {"switch_interval_ms", "si=", "ms",
       "sys.setswitchinterval in ms (0: CPython's 5 ms); refused with the GIL off", true, parse_interval,
       [](const EngineOptions& o) -> std::optional<std::string> {
         if (o.switch_interval_ms <= 0) return std::nullopt;
         return fmt::format("{}", o.switch_interval_ms);
       }},
      {"python", "py=", "", "the CPython executable to run (default: this build's first, Debian's 3.11)", false,
       [](std::string_view text, EngineOptions& o) -> std::string {
         if (text.empty()) return "expected the path of a python executable";
         o.python = std::string(text);
         return "";
       },
       [](const EngineOptions& o) -> std::optional<std::string> {
         if (o.python.empty()) return std::nullopt;
         return o.python;
       }},
      {"gil", "gil=", "", "on or off: a free-threaded interpreter's GIL (default: the build's, off)", false, parse_gil,
       [](const EngineOptions& o) -> std::optional<std::string> {
         if (o.gil == GilMode::default_) return std::nullopt;
         return to_string(o.gil);
       }},
  };
  return defs;
}

std::vector<std::string> engine_serve_args(const EngineOptions& o) {
  std::vector<std::string> args;
  for (auto& d : engine_options())
    if (auto v = d.print(o)) args.insert(args.end(), {d.flag(), *v});
  return args;
}

EngineOptions options_read_by(std::string_view name, EngineOptions o) {
  const EngineDef* d = find_engine(name);
  if (d == nullptr) return o;
  EngineOptions defaults;
  if (!d->reads_option("switch_interval_ms")) o.switch_interval_ms = defaults.switch_interval_ms;
  if (!d->reads_option("python")) o.python = defaults.python;
  if (!d->reads_option("gil")) o.gil = defaults.gil;
  return o;
}

std::string check_options(const EngineDef& d, const EngineOptions& o) {
  for (auto& opt : engine_options())
    if (opt.print(o) && !d.reads_option(opt.key))
      return fmt::format("{} does not apply to the {} engine", opt.flag(), d.name);
  return d.check ? d.check(o) : "";
}

}  // namespace gilbench::engines
