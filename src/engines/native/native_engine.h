// The no-GIL baseline: OpenSSL SHA-256 and SQLite prepared statements, no lock
// shared between workers.
#pragma once

#include "engines/engine.h"

namespace gilbench::engines {

std::unique_ptr<Engine> make_native_engine(const EngineConfig& cfg);

}  // namespace gilbench::engines
