// The workload flags of `gilbench load` and `gilbench pool`: --mode and one
// flag per workload field, made from the registry (workloads/registry.h),
// so a new workload's fields need no edit here.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "workloads/workload.h"

namespace gilbench::cli {

// Adds --mode (into `mode`) and every field's flag (into `values`, only the
// flags given). Check the values against the mode with workloads::complete.
void add_workload_options(CLI::App* cmd, std::string& mode, workloads::Values& values);

}  // namespace gilbench::cli
