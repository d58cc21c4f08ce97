// The GIL engine: the workloads run as Python code (gilbench_workloads.py,
// compiled into the binary) inside an embedded CPython, so workers contend
// for CPython's own lock, or, on a free-threaded build with the GIL off,
// for nothing but what the interpreter and its modules lock themselves.
//
// Which CPython: EngineOptions::python names it ("" = this build's default,
// Debian's 3.11); its engine module (module/python_module.cpp compiled
// against it) is loaded at run time with global symbols, so the
// interpreter's extension modules find libpython. One interpreter per
// process, one live engine at a time (engines one after another, as
// `gilbench pool` makes them, re-initialise it). Threading contract:
// module/python_module.cpp and docs/python-engine.md.
#pragma once

#include "engines/engine.h"

namespace gilbench::engines {

std::unique_ptr<Engine> make_python_engine(const EngineConfig& cfg);

// "" or why `o` cannot run: an interpreter this build lacks, gil = off on one
// that is not free-threaded, a switch interval with the GIL off.
std::string check_python_options(const EngineOptions& o);

}  // namespace gilbench::engines
