#include "results/layout.h"

#include <fmt/format.h>

namespace gilbench::results {

std::string cell_dir(const std::string& results_dir, const std::string& cell_id, int rep) {
  return fmt::format("{}/cells/{}-r{}", results_dir, cell_id, rep);
}

}  // namespace gilbench::results
