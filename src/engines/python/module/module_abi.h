// What the core passes to a python engine module (module/python_module.cpp,
// one per interpreter) and the one symbol it looks up. Core and modules are
// compiled by the same compiler from the same tree, so C++ types may cross.
#pragma once

#include <cstdint>
#include <string>

#include "engines/engine.h"

namespace gilbench::engines::python {

struct ModuleStart {
  std::string program;    // the interpreter's executable: its prefix, so its standard library
  std::string db_path;    // absolute
  double switch_interval_ms = 0;  // 0 keeps CPython's 5 ms
  GilMode gil = GilMode::default_;
  std::int64_t keys = 0;  // the store's key count (Worker::key_count)
  // The core's engines::work_abandoned (engines/abandon.h): the workload
  // functions poll it between chunks, so work nobody wants stops.
  bool (*abandoned)() = nullptr;
};

// Returns a new engine, or nullptr with `error` set.
using CreateEngine = Engine* (*)(const ModuleStart& start, std::string& error);
inline constexpr const char* kCreateEngineSymbol = "gilbench_python_engine_create";

}  // namespace gilbench::engines::python
