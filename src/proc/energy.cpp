#include "proc/energy.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

namespace gilbench::proc {

namespace {
std::optional<std::uint64_t> read_u64(const std::string& path) {
  std::ifstream in(path);
  std::uint64_t v;
  if (in >> v) return v;
  return std::nullopt;
}

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s;
}

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// Zone directories: intel-rapl:N (a package) and intel-rapl:N:M (its
// subzones; of those only dram: core and uncore are inside the package).
// intel-rapl-mmio:N repeats a package through another path: left out.
std::vector<std::string> rapl_dirs(const std::string& root) {
  std::vector<std::string> out;
  DIR* d = ::opendir(root.c_str());
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n.rfind("intel-rapl:", 0) == 0) out.push_back(n);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

EnergyCounters::EnergyCounters(const std::string& root) {
  const auto dirs = rapl_dirs(root);
  if (dirs.empty()) {
    why_not_ = "no RAPL zone under " + root + ": the kernel exposes no package energy counter here";
    if (exists("/sys/bus/event_source/devices/power")) why_not_ += "; perf's power PMU exists but is not read";
    return;
  }
  bool unreadable = false;
  for (const auto& n : dirs) {
    const std::string dir = root + "/" + n;
    EnergyZone z{first_line(dir + "/name"), dir + "/energy_uj", 0, false};
    const bool package = z.name.rfind("package", 0) == 0;
    z.dram = z.name == "dram";
    if (!package && !z.dram) continue;
    auto max = read_u64(dir + "/max_energy_range_uj");
    if (!read_u64(z.file) || !max) {
      unreadable = true;
      continue;
    }
    z.max_uj = *max;
    zones_.push_back(z);
  }
  if (zones_.empty())
    why_not_ = unreadable ? "RAPL energy_uj under " + root + " is not readable (root only since Linux 5.10)"
                          : "no package or dram RAPL zone under " + root;
}

std::string EnergyCounters::source() const {
  std::string names;
  for (const auto& z : zones_) names += (names.empty() ? "" : ", ") + z.name;
  return "powercap intel-rapl (" + names + ")";
}

std::optional<std::vector<std::uint64_t>> EnergyCounters::read() const {
  std::vector<std::uint64_t> out;
  for (const auto& z : zones_) {
    auto v = read_u64(z.file);
    if (!v) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

std::uint64_t energy_delta_uj(std::uint64_t before, std::uint64_t after, std::uint64_t max_uj) {
  if (after >= before) return after - before;
  // Wrapped: from `before` up to the top of the range, then from 0.
  return max_uj >= before ? max_uj - before + after : after;
}

void EnergyWindow::start() {
  package_uj_ = dram_uj_ = 0;
  auto now = counters_.available() ? counters_.read() : std::nullopt;
  ok_ = now.has_value();
  if (now) last_ = *now;
}

void EnergyWindow::sample() {
  if (!ok_) return;
  auto now = counters_.read();
  if (!now) {
    ok_ = false;  // a zone vanished mid-window: its joules cannot be trusted
    return;
  }
  const auto& zs = counters_.zones();
  for (std::size_t i = 0; i < zs.size(); ++i) {
    const double d = static_cast<double>(energy_delta_uj(last_[i], (*now)[i], zs[i].max_uj));
    (zs[i].dram ? dram_uj_ : package_uj_) += d;
  }
  last_ = *now;
}

bool EnergyWindow::has_dram() const {
  const auto& zs = counters_.zones();
  return std::any_of(zs.begin(), zs.end(), [](const EnergyZone& z) { return z.dram; });
}

}  // namespace gilbench::proc
