// A tiny sweep against the real binary: one healthy target, one that cannot
// start (a bad --db), then resumes that must add no row.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness.h"
#include "results/csv.h"
#include "results/layout.h"

namespace gilbench::testing {
namespace {

namespace fs = std::filesystem;

struct SweepRun {
  int status;
  std::string last_line;
};

SweepRun run_sweep(const fs::path& toml, const fs::path& out) {
  fs::create_directories(out);
  auto log = out.parent_path() / "sweep.log";
  std::string cmd = gilbench_bin() + " sweep " + toml.string() + " --out " + out.string() + " > " + log.string() + " 2>&1";
  int st = std::system(cmd.c_str());
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return {WEXITSTATUS(st), last};
}

TEST(Sweep, RecordsFailedTargetsAndResumesWithoutDuplicates) {
  auto dir = fs::temp_directory_path() / ("gilbench-sweep-e2e-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto toml = dir / "tiny.toml";
  std::ofstream(toml) << "name = \"tiny\"\nduration_s = 1\nwarmup_s = 0.2\nconcurrency = [2]\n"
                      << "db = \"" << test_db() << "\"\nstart_timeout_s = 10\n"
                      << "[[target]]\nmodel = \"threads\"\nworkers = 2\n"
                      << "[[target]]\ntarget = \"command\"\nname = \"bad-db\"\n"
                      << "command = [\"" << gilbench_bin() << "\", \"serve\", \"--port\", \"0\", \"--db\", \"/nonexistent/kv.db\"]\n"
                      << "[[workload]]\nmode = \"noop\"\n";
  auto first = run_sweep(toml, dir / "results");
  ASSERT_EQ(first.status, 3) << "a failed cell: the sweep finishes, then exits 3. " << first.last_line;
  fs::path rdir = first.last_line;
  ASSERT_TRUE(fs::exists(rdir / "results.csv")) << first.last_line;
  EXPECT_TRUE(fs::exists(rdir / "env.json"));
  {  // the rule version the report checks before combining runs
    std::ifstream env(rdir / "env.json");
    std::string text((std::istreambuf_iterator<char>(env)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find(std::string("\"rules_version\":\"") + results::kRulesVersion + "\""), std::string::npos);
  }
  EXPECT_TRUE(fs::exists(rdir / "experiment.toml"));

  auto rows = results::read_csv((rdir / "results.csv").string());
  ASSERT_EQ(rows.size(), 2u);
  auto& ok = rows[0]["target"] == "gilbench" ? rows[0] : rows[1];
  auto& bad = rows[0]["target"] == "gilbench" ? rows[1] : rows[0];
  EXPECT_EQ(ok["status"], "ok") << ok["error"];
  EXPECT_GT(std::stod(ok["throughput_rps"]), 0);
  EXPECT_FALSE(ok["rss_kb"].empty());
  EXPECT_FALSE(ok["uss_kb"].empty());
  EXPECT_LE(std::stod(ok["uss_kb"]), std::stod(ok["pss_kb"]));
  EXPECT_FALSE(ok["pss_kb"].empty());
  EXPECT_FALSE(ok["cpu_util"].empty());
  EXPECT_EQ(ok["proc_count"], "1");
  EXPECT_TRUE(fs::exists(rdir / "cells" / (ok["cell_id"] + "-r0") / "spectrum.csv"));
  EXPECT_TRUE(fs::exists(rdir / "cells" / (ok["cell_id"] + "-r0") / "timeline.csv"));
  EXPECT_EQ(bad["status"], "failed");
  EXPECT_NE(bad["error"].find("before it was ready"), std::string::npos) << bad["error"];

  // The newest run of this file is complete: a rerun starts a new directory.
  // Resuming the finished one explicitly adds nothing, even after a torn write.
  { std::ofstream(rdir / "results.csv", std::ios::app) << "tiny,deadbeef,0,o"; }
  std::string cmd = gilbench_bin() + " sweep " + toml.string() + " --resume " + rdir.string() + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto again = results::read_csv((rdir / "results.csv").string());
  EXPECT_EQ(again.size(), 2u);
  std::ifstream raw(rdir / "results.csv");
  std::string text((std::istreambuf_iterator<char>(raw)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find("deadbeef"), std::string::npos);

  // An unfinished directory (a row lost) is found and completed by the same command.
  {
    std::ofstream out(rdir / "results.csv", std::ios::trunc);
    out << text.substr(0, text.find('\n') + 1);  // header only
    auto second = text.substr(text.find('\n') + 1);
    out << second.substr(0, second.find('\n') + 1);  // first row only
  }
  auto resumed = run_sweep(toml, dir / "results");
  ASSERT_TRUE(resumed.status == 0 || resumed.status == 3) << resumed.status;
  EXPECT_EQ(fs::path(resumed.last_line), rdir);
  auto final_rows = results::read_csv((rdir / "results.csv").string());
  ASSERT_EQ(final_rows.size(), 2u);
  EXPECT_NE(final_rows[0]["cell_id"], final_rows[1]["cell_id"]);

  // The report reads it back.
  std::string rep = gilbench_bin() + " report " + rdir.string() + " > /dev/null 2>&1";
  EXPECT_EQ(std::system(rep.c_str()), 0);
  EXPECT_TRUE(fs::exists(rdir / "report" / "report.html"));
  fs::remove_all(dir);
}

TEST(Sweep, OpenLoopCellsRunAtTheirRate) {
  auto dir = fs::temp_directory_path() / ("gilbench-sweep-open-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto toml = dir / "open.toml";
  std::ofstream(toml) << "name = \"open\"\nduration_s = 1.5\nwarmup_s = 0.3\nconcurrency = [1]\n"
                      << "rates = [200]\ndb = \"" << test_db() << "\"\n"
                      << "[[target]]\nmodel = \"async\"\n[[workload]]\nmode = \"noop\"\n";
  auto r = run_sweep(toml, dir / "results");
  ASSERT_TRUE(r.status == 0 || r.status == 3) << r.last_line;
  auto rows = results::read_csv((fs::path(r.last_line) / "results.csv").string());
  ASSERT_EQ(rows.size(), 2u);
  auto& open = rows[0]["loop"] == "open" ? rows[0] : rows[1];
  auto& closed = rows[0]["loop"] == "open" ? rows[1] : rows[0];
  EXPECT_EQ(closed["loop"], "closed");
  EXPECT_EQ(closed["rate_rps"], "");
  ASSERT_EQ(open["loop"], "open");
  EXPECT_EQ(open["status"], "ok") << open["error"];
  EXPECT_EQ(std::stod(open["rate_rps"]), 200.0);
  // A noop server holds 200 req/s easily: the loop must deliver about that.
  EXPECT_NEAR(std::stod(open["throughput_rps"]), 200.0, 30.0);
  EXPECT_FALSE(open["ulat_p50_us"].empty());
  EXPECT_GE(std::stod(open["lat_p50_us"]), std::stod(open["ulat_p50_us"]))
      << "corrected latency counts from the intended time, so it is never below the uncorrected";
  // Page faults of the tree in the window, per answer; energy, or why not.
  for (auto* row : {&open, &closed}) {
    auto& r = *row;
    EXPECT_GE(std::stoll(r["minflt"]), 0);
    EXPECT_GE(std::stoll(r["majflt"]), 0);
    EXPECT_NEAR(std::stod(r["minflt_per_req"]), std::stod(r["minflt"]) / std::stod(r["ok_completed"]), 1e-3);
    const bool measured = r["energy_source"].rfind("powercap intel-rapl (", 0) == 0;
    if (measured) EXPECT_GT(std::stod(r["power_w"]), 0);
    else EXPECT_EQ(r["energy_source"].rfind("not measured: ", 0), 0u) << r["energy_source"];
  }
  fs::remove_all(dir);
}

// No store: the sweep builds it (it is deterministic) rather than failing
// every io cell. A server that answers most requests 503 makes its cell
// degraded, never "ok" because one answer was 2xx; the sweep then exits 3.
TEST(Sweep, CreatesAMissingStoreAndMarksRejectingCellsDegraded) {
  auto dir = fs::temp_directory_path() / ("gilbench-sweep-degraded-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto db = dir / "fresh.db";
  auto toml = dir / "deg.toml";
  std::ofstream(toml) << "name = \"deg\"\nduration_s = 1\nwarmup_s = 0.2\nconcurrency = [16]\n"
                      << "db = \"" << db.string() << "\"\nrepetitions = 1\n"
                      << "[[target]]\nmodel = \"threads\"\nworkers = 1\nqueue = 1\non_full = \"reject\"\n"
                      << "[[workload]]\nmode = \"io\"\nwait_ms = 20\nwait_dist = \"fixed\"\n";
  auto r = run_sweep(toml, dir / "results");
  EXPECT_EQ(r.status, 3) << r.last_line;
  EXPECT_TRUE(fs::exists(db)) << "the sweep creates a missing store";
  auto rows = results::read_csv((fs::path(r.last_line) / "results.csv").string());
  ASSERT_EQ(rows.size(), 1u);
  auto& row = rows[0];
  EXPECT_EQ(row["status"], "degraded") << row["error"];
  EXPECT_NE(row["error"].find("status="), std::string::npos) << row["error"];
  EXPECT_GT(std::stoll(row["errors_status"]), 0);
  EXPECT_EQ(row["key_space"], "1000") << "read from the store";
  EXPECT_EQ(row["queue"], "1");
  EXPECT_EQ(row["on_full"], "reject");
  EXPECT_EQ(row["wait_dist"], "fixed");
  EXPECT_FALSE(row["noisy"].empty());
  EXPECT_FALSE(row["noise_other_cpu_pct"].empty());
  // Latency is over 2xx answers only: each waited the fixed 20 ms, so no
  // percentile can be the microseconds a 503 takes.
  EXPECT_GE(std::stod(row["lat_p50_us"]), 20000.0);
  fs::remove_all(dir);
}

// Two sweeps of one directory would interleave rows: the second is refused.
TEST(Sweep, ADirectoryInUseIsRefused) {
  auto dir = fs::temp_directory_path() / ("gilbench-sweep-lock-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "results");
  auto toml = dir / "lock.toml";
  std::ofstream(toml) << "name = \"lock\"\nduration_s = 0.5\nwarmup_s = 0\nconcurrency = [1]\n"
                      << "db = \"" << test_db() << "\"\n[[target]]\nmodel = \"async\"\n[[workload]]\nmode = \"noop\"\n";
  auto rdir = dir / "results" / "lock-held";
  fs::create_directories(rdir);
  fs::copy_file(toml, rdir / "experiment.toml");
  int fd = ::open((rdir / ".lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  std::string cmd = gilbench_bin() + " sweep " + toml.string() + " --resume " + rdir.string() + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  int st = ::pclose(p);
  EXPECT_EQ(WEXITSTATUS(st), 1) << out;
  EXPECT_NE(out.find("another sweep is writing"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(rdir / "results.csv")) << "nothing written while the lock is held";
  ::close(fd);
  fs::remove_all(dir);
}

// A workload with find_rate_slo adds, after the cells, one capacity.csv row
// per target: the highest open-loop rate meeting the objective (the load
// generator's own test checks its accuracy against a known capacity).
TEST(Sweep, FindRateSloWritesCapacityRowsTheReportShows) {
  auto dir = fs::temp_directory_path() / ("gilbench-sweep-cap-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto toml = dir / "cap.toml";
  std::ofstream(toml) << "name = \"cap\"\nduration_s = 0.5\nwarmup_s = 0.2\nconcurrency = [1]\n"
                      << "db = \"" << test_db() << "\"\n"
                      << "[[target]]\nmodel = \"threads\"\nworkers = 2\n"
                      << "[[workload]]\nmode = \"io\"\nwait_ms = 10\nwait_dist = \"fixed\"\n"
                      << "find_rate_slo = \"p99=100ms\"\nfind_rate_probe_s = 1\n";
  auto r = run_sweep(toml, dir / "results");
  ASSERT_TRUE(r.status == 0 || r.status == 3) << r.last_line;
  fs::path rdir = r.last_line;
  auto rows = results::read_csv((rdir / "capacity.csv").string());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["series"], "threads/native w2");
  // The workload's one label, as the report names it.
  EXPECT_EQ(rows[0]["workload"], "io wait=10ms fixed");
  EXPECT_EQ(rows[0]["slo"], "p99=100ms");
  EXPECT_EQ(rows[0]["status"], "found") << rows[0]["note"];
  // Two workers each holding a request 10 ms: at most 200 req/s.
  EXPECT_GT(std::stod(rows[0]["capacity_rps"]), 0);
  EXPECT_LT(std::stod(rows[0]["capacity_rps"]), 260);
  EXPECT_GT(std::stoi(rows[0]["probes"]), 1);
  std::string rep = gilbench_bin() + " report " + rdir.string() + " --no-plots > /dev/null 2>&1";
  ASSERT_EQ(std::system(rep.c_str()), 0);
  std::ifstream md(rdir / "report" / "report.md");
  std::string text((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("p99=100ms"), std::string::npos) << "the capacity table";
  fs::remove_all(dir);
}

TEST(Sweep, MalformedExperimentIsAnErrorWithLine) {
  auto dir = fs::temp_directory_path() / ("gilbench-sweep-bad-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "bad.toml") << "name = \"x\"\nconcurrency = \"many\"\n";
  auto r = run_sweep(dir / "bad.toml", dir / "results");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.last_line.find("bad.toml:2"), std::string::npos) << r.last_line;
  EXPECT_NE(r.last_line.find("concurrency"), std::string::npos) << r.last_line;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gilbench::testing
