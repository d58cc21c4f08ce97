#include "sweep/layout.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "results/csv.h"

namespace gilbench::sweep {

namespace fs = std::filesystem;

std::string new_results_dir(const std::string& base, const std::string& name) {
  std::string stem = fmt::format("{}/{}-{:%Y%m%d-%H%M%S}", base, name, fmt::gmtime(std::time(nullptr)));
  std::string dir = stem;
  for (int i = 2; fs::exists(dir); ++i) dir = fmt::format("{}-{}", stem, i);
  return dir;
}

std::optional<std::string> find_unfinished(const std::string& base, const std::string& name,
                                           const std::string& text, std::size_t cells) {
  std::error_code ec;
  if (!fs::is_directory(base, ec)) return std::nullopt;
  std::vector<std::string> dirs;
  const std::string prefix = name + "-";
  for (auto& e : fs::directory_iterator(base, ec)) {
    auto fname = e.path().filename().string();
    // The timestamp starts with a digit: "quick-2024..." but not "quick-gil-...".
    if (e.is_directory() && fname.rfind(prefix, 0) == 0 && fname.size() > prefix.size() &&
        std::isdigit(static_cast<unsigned char>(fname[prefix.size()])))
      dirs.push_back(e.path().string());
  }
  // Names end in a sortable UTC timestamp: newest last.
  std::sort(dirs.begin(), dirs.end());
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
    std::ifstream in(*it + "/" + results::kExperimentCopy);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in || ss.str() != text) continue;
    std::size_t rows = 0;
    try {
      rows = results::read_csv(*it + "/" + results::kResultsCsv).size();
    } catch (const std::exception&) {
    }
    if (rows < cells) return *it;
    return std::nullopt;  // the newest run of this file is complete: start anew
  }
  return std::nullopt;
}

}  // namespace gilbench::sweep
