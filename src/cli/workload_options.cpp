#include "cli/workload_options.h"

#include <fmt/format.h>

#include "workloads/registry.h"

namespace gilbench::cli {

void add_workload_options(CLI::App* cmd, std::string& mode, workloads::Values& values) {
  std::vector<std::string> modes;
  for (const auto* w : workloads::all()) modes.emplace_back(w->name());
  cmd->add_option("--mode", mode, fmt::format("Workload of each request: {}", workloads::names()))
      ->capture_default_str()
      ->check(CLI::IsMember(modes));
  for (const auto& f : workloads::all_fields()) {
    if (!f.settable) continue;
    std::string flag = "--" + std::string(f.name);
    std::replace(flag.begin(), flag.end(), '_', '-');
    std::string help;
    for (const auto* w : workloads::all())
      for (const auto& g : w->fields())
        if (g.name == f.name)
          help += fmt::format("{}{}: {} (default {})", help.empty() ? "" : "; ", w->name(), g.help,
                              g.fallback.empty() ? "none" : g.fallback);
    cmd->add_option_function<std::string>(
        flag, [&values, name = std::string(f.name)](const std::string& v) { values[name] = v; }, help);
  }
}

}  // namespace gilbench::cli
