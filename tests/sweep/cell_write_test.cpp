// A cell's files on a full disk: every write goes through a FileWriter, and
// the first that fails throws WriteError naming the file and the OS error
// (a fake writer here; tests/e2e/sweep_full_disk_test.cpp runs a sweep
// against the kernel's ENOSPC).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <string>

#include "results/csv.h"
#include "results/file_write.h"
#include "sweep/cell_files.h"

namespace gilbench::sweep {
namespace {

// Keeps what is written; fails with ENOSPC on every path ending in `full`.
struct FakeDisk : results::FileWriter {
  std::string full;
  std::map<std::string, std::string> files;
  void write(const std::string& path, std::string_view text, bool append) override {
    if (!full.empty() && path.size() >= full.size() && path.compare(path.size() - full.size(), full.size(), full) == 0)
      throw results::WriteError(path, ENOSPC);
    files[path] = (append ? files[path] : "") + std::string(text);
  }
};

load::LoadResult some_result() {
  load::LoadResult r;
  r.duration_s = 1;
  for (int i = 1; i <= 100; ++i) r.latency.record(i * 10);
  r.timeline.push_back({0, 100, 100, 0, 500, 1000});
  return r;
}

TEST(CellWrite, EveryFileGoesThroughTheWriter) {
  FakeDisk disk;
  write_cell_files("cell", some_result(), disk);
  append_note("cell", "noisy: steal 12%", disk);
  append_note("cell", "stop: killed", disk);
  ASSERT_EQ(disk.files.size(), 3u);
  EXPECT_EQ(disk.files["cell/spectrum.csv"].rfind("percentile,lat_us,ulat_us,queue_us,service_us\n", 0), 0u);
  EXPECT_EQ(disk.files["cell/timeline.csv"], "t_s,requests,ok,errors,lat_mean_us,lat_max_us\n0,100,100,0,500.0,1000\n");
  EXPECT_EQ(disk.files["cell/notes.txt"], "noisy: steal 12%\nstop: killed\n");
}

TEST(CellWrite, AFailedWriteNamesTheFileAndTheOsError) {
  for (const std::string file : {"spectrum.csv", "timeline.csv", "notes.txt"}) {
    FakeDisk disk;
    disk.full = file;
    try {
      write_cell_files("cells/x-r0", some_result(), disk);
      append_note("cells/x-r0", "a note", disk);
      ADD_FAILURE() << file << ": no error";
    } catch (const results::WriteError& e) {
      EXPECT_EQ(std::string(e.what()), "cannot write cells/x-r0/" + file + ": No space left on device");
    }
  }
}

// The real writer on a file the kernel refuses: /dev/full answers every
// write with ENOSPC.
TEST(CellWrite, TheDiskWriterReportsEnospc) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no writable /dev/full on this machine";
  try {
    results::disk_writer().write("/dev/full", "x", false);
    ADD_FAILURE() << "no error";
  } catch (const results::WriteError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write /dev/full: No space left on device");
  }
  const auto dir = std::filesystem::temp_directory_path() / ("gilbench-cellwrite-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  results::disk_writer().write((dir / "a.txt").string(), "one\n", false);
  results::disk_writer().write((dir / "a.txt").string(), "two\n", true);
  std::string text;
  {
    std::FILE* f = std::fopen((dir / "a.txt").c_str(), "r");
    char buf[64];
    text.assign(buf, std::fread(buf, 1, sizeof buf, f));
    std::fclose(f);
  }
  EXPECT_EQ(text, "one\ntwo\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gilbench::sweep
