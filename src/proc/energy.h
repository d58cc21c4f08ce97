// Energy counters of the machine from the kernel's powercap interface
// (RAPL: /sys/class/powercap/intel-rapl:N for a package, intel-rapl:N:M
// named "dram" for its memory). They count the whole machine, not a
// process: a window's joules include everything else that ran in it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gilbench::proc {

struct EnergyZone {
  std::string name;     // "package-0", "dram"
  std::string file;     // .../energy_uj
  std::uint64_t max_uj = 0;  // the counter wraps to 0 past this
  bool dram = false;
};

// The readable RAPL zones under a powercap root (a temp dir in tests).
class EnergyCounters {
 public:
  explicit EnergyCounters(const std::string& root = "/sys/class/powercap");
  bool available() const { return why_not_.empty(); }
  // Why energy cannot be read here (one line), empty when it can.
  const std::string& why_not() const { return why_not_; }
  // "powercap intel-rapl (package-0, dram)": the source, named in the CSV.
  std::string source() const;
  const std::vector<EnergyZone>& zones() const { return zones_; }
  // Each zone's counter now (µJ), or nullopt if one became unreadable.
  std::optional<std::vector<std::uint64_t>> read() const;

 private:
  std::vector<EnergyZone> zones_;
  std::string why_not_;
};

// Energy between two reads of a counter that wraps past `max_uj`; a read
// below the last one means it wrapped once (sample often enough for that).
std::uint64_t energy_delta_uj(std::uint64_t before, std::uint64_t after, std::uint64_t max_uj);

// Package and DRAM joules over a window, summed sample by sample so a
// counter that wraps during a long window is counted right.
class EnergyWindow {
 public:
  explicit EnergyWindow(const EnergyCounters& counters) : counters_(counters) {}
  void start();
  void sample();
  bool measured() const { return ok_; }
  double package_j() const { return package_uj_ / 1e6; }
  double dram_j() const { return dram_uj_ / 1e6; }
  bool has_dram() const;

 private:
  const EnergyCounters& counters_;
  std::vector<std::uint64_t> last_;
  double package_uj_ = 0, dram_uj_ = 0;
  bool ok_ = false;
};

}  // namespace gilbench::proc
