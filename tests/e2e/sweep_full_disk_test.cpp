// A sweep whose cell file cannot be written (the kernel's ENOSPC, from
// /dev/full behind the cell's spectrum.csv): the sweep stops at once with one
// line naming the file and the OS error, exit 1, writes no row for the cell,
// and a rerun redoes the cell once the file can be written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness.h"
#include "results/csv.h"
#include "results/layout.h"
#include "sweep/spec.h"

namespace gilbench::testing {
namespace {

namespace fs = std::filesystem;

struct SweepRun {
  int status = -1;
  std::string out;
};

SweepRun sweep(const fs::path& toml, const fs::path& rdir) {
  SweepRun r;
  const std::string cmd = gilbench_bin() + " sweep " + toml.string() + " --resume " + rdir.string() + " 2>&1";
  std::FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

TEST(SweepFullDisk, FirstFailedWriteStopsTheSweepWithoutARowAndResumeRedoesTheCell) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no writable /dev/full to give ENOSPC";
  const fs::path dir = fs::temp_directory_path() / ("gilbench-full-disk-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "run");
  const fs::path toml = dir / "full.toml";
  std::ofstream(toml) << "name = \"full\"\nduration_s = 0.5\nwarmup_s = 0.1\nconcurrency = [1]\n"
                      << "db = \"" << test_db() << "\"\n[[target]]\nmodel = \"threads\"\nworkers = 1\n"
                      << "[[workload]]\nmode = \"noop\"\n";
  const auto cells = sweep::load_experiment(toml.string()).cells();
  ASSERT_EQ(cells.size(), 1u);
  const fs::path cdir = results::cell_dir((dir / "run").string(), cells[0].id, cells[0].rep);
  fs::create_directories(cdir);
  fs::create_symlink("/dev/full", cdir / "spectrum.csv");

  const SweepRun full = sweep(toml, dir / "run");
  EXPECT_EQ(full.status, 1) << full.out;
  EXPECT_NE(full.out.find("gilbench sweep: error: cannot write " + (cdir / "spectrum.csv").string() +
                          ": No space left on device; the sweep stopped, and " + cells[0].label() +
                          " has no row (rerun to redo it)\n"),
            std::string::npos)
      << full.out;
  EXPECT_EQ(results::read_csv((dir / "run" / "results.csv").string()).size(), 0u);

  fs::remove(cdir / "spectrum.csv");
  const SweepRun again = sweep(toml, dir / "run");
  EXPECT_EQ(again.status, 0) << again.out;
  const auto rows = results::read_csv((dir / "run" / "results.csv").string());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("status"), "ok") << rows[0].at("error");
  EXPECT_GT(fs::file_size(cdir / "spectrum.csv"), 100u);
  EXPECT_GT(fs::file_size(cdir / "timeline.csv"), 40u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gilbench::testing
