// The engine options (switch interval, interpreter, GIL mode): one table that
// parses and prints them for serve's flags, experiment-file keys, the argv a
// sweep starts a server with, results.csv columns and series labels. Which
// engine reads which: engines/registry.h.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/engine.h"

namespace gilbench::engines {

struct EngineDef;

struct EngineOptionDef {
  std::string key;      // experiment key and results.csv column; flag = "--" + key, '_' -> '-'
  std::string label;    // series label prefix, e.g. "si=" (" si=1ms")
  std::string suffix;   // series label suffix, e.g. "ms"
  std::string help;
  bool number = false;  // a number in experiment files, else a string
  // Reads `text` into `into`: "" or the problem ("'x' is not on or off").
  std::function<std::string(std::string_view text, EngineOptions& into)> parse;
  // The value's text when it is not the default.
  std::function<std::optional<std::string>(const EngineOptions&)> print;

  std::string flag() const;
};

const std::vector<EngineOptionDef>& engine_options();

// The serve flags that set `o`, e.g. {"--python", "/usr/bin/python3.12"}.
std::vector<std::string> engine_serve_args(const EngineOptions& o);

// "" or why `o` does not suit engine `d`: an option it does not read, gil
// off on an interpreter that is not free-threaded, a switch interval with
// the GIL off (it would silently do nothing).
std::string check_options(const EngineDef& d, const EngineOptions& o);

// `o` without the options engine `name` does not read (an unknown engine
// keeps all): an experiment or pool run over {native, python} with a
// python set applies it to the python targets only.
EngineOptions options_read_by(std::string_view name, EngineOptions o);

std::string to_string(GilMode g);

}  // namespace gilbench::engines
