// Starting and stopping helper processes that announce nothing (daemons,
// servers inside network namespaces), by PID.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace gilbench::testing {

// Starts argv (argv[0] a path) with stdout and stderr appended to `log`.
pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log);
// SIGTERM, up to 5 s for it to exit, then SIGKILL; reaps it.
void stop_pid(pid_t pid);
// stdout and stderr of a shell command.
std::string output_of(const std::string& shell_command);
// The file's content, "" if it cannot be read.
std::string slurp(const std::filesystem::path& p);
// An executable of that name in /usr/sbin, /usr/bin, /sbin or /bin; "" if none.
std::string find_tool(const std::string& name);
bool in_ci();  // CI=true

}  // namespace gilbench::testing
