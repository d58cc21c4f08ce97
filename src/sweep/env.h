// The run context saved beside every results.csv (env.json): a figure is
// worthless without the machine, build and versions that produced it.
#pragma once

#include <string>

namespace gilbench::sweep {

// env.json's content: CPU model, cores, kernel, compiler and flags, build
// type, git sha and dirty flag, dependency versions, and the experiment file.
// `source_dir` is where git is asked (the directory the sweep runs from).
std::string env_json(const std::string& experiment_path, const std::string& experiment_text,
                     const std::string& source_dir);

// First line of a command's stdout, or "" (used for git and gnuplot versions).
std::string command_output(const std::string& shell_command);

}  // namespace gilbench::sweep
