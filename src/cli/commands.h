// One function per subcommand: each adds its subcommand, flags and callback
// to the app. CLI11 lives only in src/cli/.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <utility>

namespace gilbench::cli {

void add_serve(CLI::App& app);
void add_db(CLI::App& app);
void add_load(CLI::App& app);
void add_sweep(CLI::App& app);
void add_report(CLI::App& app);
void add_pool(CLI::App& app);

// "i/N" with 1 <= i <= N (--segment, --shard) -> {i - 1, N}; throws
// CLI::ValidationError naming `flag` otherwise.
std::pair<int, int> parse_part(const std::string& text, const std::string& flag);

}  // namespace gilbench::cli
