// The CPython interpreters the python engine can run: this build's table
// (GILBENCH_PYTHONS, cmake/python_engines.cmake), and how `--python PATH`
// finds its entry. The engine itself is a module per interpreter, loaded at
// run time (python_engine.cpp; docs/python-engine.md).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace gilbench::engines::python {

struct Interpreter {
  const char* executable;   // as given in GILBENCH_PYTHONS
  const char* real_path;    // the executable with symlinks resolved
  const char* version;      // "3.14.7"
  const char* tag;          // "3.14t": minor version, t for a free-threaded build
  bool free_threaded;       // built with --disable-gil (Py_GIL_DISABLED)
  const char* build_flags;  // "pgo+lto" as its configure args record them, or "none recorded"
  const char* module;       // file name of its engine module
};

// Every interpreter of this build; the first is the default.
std::span<const Interpreter> interpreters();

// The interpreter `path` names (a symlink to one counts); "" is the default.
// Throws std::invalid_argument naming the interpreters this build has.
const Interpreter& find_interpreter(std::string_view path);

// "3.11 (/usr/bin/python3.11), 3.14t (/opt/py/bin/python3.14t)": for errors and --help.
std::string interpreter_list();

}  // namespace gilbench::engines::python
