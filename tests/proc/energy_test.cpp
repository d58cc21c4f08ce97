// The RAPL reader against fake powercap trees (temp dirs): zone discovery,
// the counter's wrap-around at max_energy_range_uj, and the reason given
// when energy cannot be read.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "proc/energy.h"
#include "sweep/proc_sampler.h"

namespace gilbench::proc {
namespace {

namespace fs = std::filesystem;

struct FakePowercap {
  fs::path root;
  FakePowercap() {
    root = fs::temp_directory_path() / ("gilbench-powercap-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "intel-rapl");  // the control type: no counter
  }
  ~FakePowercap() { fs::remove_all(root); }
  void zone(const std::string& dir, const std::string& name, std::uint64_t uj, std::uint64_t max) {
    fs::create_directories(root / dir);
    put(dir, "name", name);
    put(dir, "max_energy_range_uj", std::to_string(max));
    set(dir, uj);
  }
  void set(const std::string& dir, std::uint64_t uj) { put(dir, "energy_uj", std::to_string(uj)); }
  void put(const std::string& dir, const std::string& file, const std::string& text) {
    std::ofstream(root / dir / file) << text << "\n";
  }
};

TEST(Energy, DeltaCountsAcrossTheWrap) {
  EXPECT_EQ(energy_delta_uj(100, 350, 1000), 250u);
  // 900 -> top of the range (1000) -> 0 -> 150: 100 + 150.
  EXPECT_EQ(energy_delta_uj(900, 150, 1000), 250u);
  EXPECT_EQ(energy_delta_uj(5, 5, 1000), 0u);
}

TEST(Energy, FindsPackagesAndDramButNotCoreOrMmio) {
  FakePowercap pc;
  pc.zone("intel-rapl:0", "package-0", 1'000'000, 262'143'328'850);
  pc.zone("intel-rapl:0:0", "core", 10, 262'143'328'850);
  pc.zone("intel-rapl:0:1", "dram", 20, 65'712'999'613);
  pc.zone("intel-rapl-mmio:0", "package-0", 30, 262'143'328'850);
  EnergyCounters c(pc.root.string());
  ASSERT_TRUE(c.available()) << c.why_not();
  ASSERT_EQ(c.zones().size(), 2u);
  EXPECT_EQ(c.source(), "powercap intel-rapl (package-0, dram)");
  EXPECT_EQ(c.zones()[1].max_uj, 65'712'999'613u);
  EXPECT_EQ(*c.read(), (std::vector<std::uint64_t>{1'000'000, 20}));
}

TEST(Energy, WindowSumsStepsAcrossACounterWrap) {
  FakePowercap pc;
  const std::uint64_t max = 10'000'000;  // 10 J range
  pc.zone("intel-rapl:0", "package-0", 8'000'000, max);
  pc.zone("intel-rapl:0:2", "dram", 1'000'000, max);
  EnergyCounters c(pc.root.string());
  EnergyWindow w(c);
  w.start();
  pc.set("intel-rapl:0", 9'500'000);  // +1.5 J
  pc.set("intel-rapl:0:2", 1'250'000);
  w.sample();
  pc.set("intel-rapl:0", 500'000);  // wrapped: +0.5 J to the top, +0.5 J after
  pc.set("intel-rapl:0:2", 1'500'000);
  w.sample();
  ASSERT_TRUE(w.measured());
  EXPECT_DOUBLE_EQ(w.package_j(), 2.5);
  EXPECT_DOUBLE_EQ(w.dram_j(), 0.5);
  EXPECT_TRUE(w.has_dram());
}

TEST(Energy, NoPowercapSaysWhyInOneLine) {
  EnergyCounters none("/nonexistent/powercap");
  EXPECT_FALSE(none.available());
  EXPECT_NE(none.why_not().find("no RAPL zone under /nonexistent/powercap"), std::string::npos);
  EXPECT_EQ(none.why_not().find('\n'), std::string::npos);
  EnergyWindow w(none);
  w.start();
  w.sample();
  EXPECT_FALSE(w.measured());

  FakePowercap pc;  // the zone is there, its counter is root-only (here: missing)
  fs::create_directories(pc.root / "intel-rapl:0");
  pc.put("intel-rapl:0", "name", "package-0");
  EnergyCounters locked(pc.root.string());
  EXPECT_NE(locked.why_not().find("not readable"), std::string::npos);
}

TEST(Energy, SamplerReportsEnergyAndFaultsOfItsWindow) {
  FakePowercap pc;
  pc.zone("intel-rapl:0", "package-0", 9'900'000, 10'000'000);
  sweep::TreeSampler s(::getpid(), std::chrono::milliseconds(20), pc.root.string());
  s.start();
  pc.set("intel-rapl:0", 100'000);  // wrapped: 0.2 J
  // Touch 8 MiB of fresh pages: at least one minor fault per 4 KiB page.
  std::vector<char> mem(8 << 20);
  for (std::size_t i = 0; i < mem.size(); i += 4096) mem[i] = 1;
  auto u = s.stop();
  EXPECT_EQ(u.energy_source, "powercap intel-rapl (package-0)");
  EXPECT_DOUBLE_EQ(u.energy_pkg_j, 0.2);
  EXPECT_EQ(u.energy_dram_j, -1);
  EXPECT_GE(u.minflt, 2048);
  EXPECT_GE(u.majflt, 0);

  sweep::TreeSampler none(::getpid(), std::chrono::milliseconds(20), "/nonexistent/powercap");
  none.start();
  auto n = none.stop();
  EXPECT_TRUE(n.energy_source.empty());
  EXPECT_NE(n.energy_why_not.find("no RAPL zone"), std::string::npos);
}

}  // namespace
}  // namespace gilbench::proc
