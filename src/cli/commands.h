// One function per subcommand: each adds its subcommand, flags and callback
// to the app. CLI11 lives only in src/cli/.
#pragma once

#include <CLI/CLI.hpp>

namespace gilbench::cli {

void add_serve(CLI::App& app);
void add_db(CLI::App& app);
void add_load(CLI::App& app);
void add_sweep(CLI::App& app);
void add_report(CLI::App& app);
void add_pool(CLI::App& app);

}  // namespace gilbench::cli
