// The engine flags of `gilbench serve` and `gilbench pool` (--python, --gil,
// --switch-interval-ms), made from the one table in engines/options.h.
#pragma once

#include <CLI/CLI.hpp>

#include "engines/engine.h"

namespace gilbench::cli {

void add_engine_options(CLI::App* cmd, engines::EngineOptions& into);

}  // namespace gilbench::cli
