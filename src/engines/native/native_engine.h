// The no-GIL baseline: each workload's C++ function (Call::native) and
// SQLite prepared statements, no lock shared between workers.
#pragma once

#include "engines/engine.h"

namespace gilbench::engines {

std::unique_ptr<Engine> make_native_engine(const EngineConfig& cfg);

}  // namespace gilbench::engines
