// The GIL engine: the workloads run as Python code (gilbench_workloads.py,
// compiled into the binary) inside an embedded CPython 3.11, so workers
// contend for CPython's own lock.
//
// Threading contract (docs/python-engine.md):
// - make_python_engine initialises the interpreter on the calling thread,
//   without Python's signal handlers (the models own SIGTERM/SIGINT), then
//   releases the GIL. In procs it runs in each child after fork.
// - Each Worker owns one Python thread state for its whole life (the thread
//   that created the interpreter reuses its own), takes the GIL for each call
//   and releases it between calls; it must be destroyed on its thread.
// - Every Worker is destroyed before its Engine: the Engine's destructor
//   finalises the interpreter on the thread that created it.
#pragma once

#include "engines/engine.h"

namespace gilbench::engines {

std::unique_ptr<Engine> make_python_engine(const EngineConfig& cfg);

}  // namespace gilbench::engines
