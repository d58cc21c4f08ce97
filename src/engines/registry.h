// The engine axis: every engine with its name, what it is, the options it
// reads (engines/options.h) and its factory. Adding an engine is a folder
// src/engines/<name>/ and one line in registry.cpp (docs/architecture.md).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engines/engine.h"

namespace gilbench::engines {

struct EngineDef {
  std::string name;
  std::string summary;             // one line, for --help and docs
  std::vector<std::string> reads;  // keys of engine_options() it honours
  std::function<std::unique_ptr<Engine>(const EngineConfig&)> make;
  // "" or why these options cannot run (checked before make, and where an
  // experiment file is read); empty: any options it reads are fine.
  std::function<std::string(const EngineOptions&)> check = {};

  bool reads_option(std::string_view key) const;
};

const std::vector<EngineDef>& engine_registry();
const EngineDef* find_engine(std::string_view name);
// "native, python": for --help and errors.
std::string engine_names();

}  // namespace gilbench::engines
