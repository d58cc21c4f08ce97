// deploy/slurm/ on a real single-node Slurm started by the test: munged (as
// the munge user), slurmctld and slurmd on ports of their own, a minimal
// slurm.conf written here (proctrack/linuxproc, task/none: no cgroups
// needed). submit.sh sends a 2-shard sweep of a tiny experiment as a job
// array plus a dependent merge + report job; the test waits (bounded) and
// checks the merged report. Every daemon is stopped by its PID. Skips with
// the reason where Slurm cannot start; in CI (CI=true, where
// scripts/test.sh installs Slurm with setup.sh --slurm) a missing tool fails.
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/temp_dir.h"
#include "harness.h"
#include "spawn.h"
#include "results/csv.h"

namespace gilbench::testing {
namespace {

namespace fs = std::filesystem;

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A one-node Slurm in a directory of its own; stops its daemons by PID.
class Cluster {
 public:
  explicit Cluster(const fs::path& dir) : dir_(dir) {}
  ~Cluster() {
    for (auto it = pids_.rbegin(); it != pids_.rend(); ++it) stop_pid(*it);
    // munged runs as the munge user under runuser; its own PID file names it.
    const std::string munged = slurp(dir_ / "munge" / "munged.pid");
    if (!munged.empty()) ::kill(std::stoi(munged), SIGTERM);
  }
  // "" when up, else why not (for the skip message).
  std::string start();
  fs::path conf() const { return dir_ / "slurm.conf"; }

 private:
  std::string write_munge();
  void write_conf(const std::string& host);
  fs::path dir_;
  std::vector<pid_t> pids_;
};

std::string Cluster::write_munge() {
  const fs::path m = dir_ / "munge";
  fs::create_directories(m);
  {
    std::ifstream rnd("/dev/urandom", std::ios::binary);
    std::string key(1024, '\0');
    rnd.read(key.data(), static_cast<std::streamsize>(key.size()));
    std::ofstream(m / "munge.key", std::ios::binary) << key;
  }
  const passwd* pw = ::getpwnam("munge");
  if (!pw) return "no munge user (install munge: scripts/setup.sh --slurm)";
  for (const auto& p : {m, m / "munge.key"})
    if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) return "cannot chown the munge files";
  ::chmod((m / "munge.key").c_str(), 0400);
  ::chmod(m.c_str(), 0755);
  pids_.push_back(spawn({find_tool("runuser"), "-u", "munge", "--", find_tool("munged"), "-F", "--force",
                         "--socket=" + (m / "munge.sock").string(), "--key-file=" + (m / "munge.key").string(),
                         "--pid-file=" + (m / "munged.pid").string(), "--seed-file=" + (m / "munged.seed").string(),
                         "--log-file=" + (m / "munged.log").string()},
                        dir_ / "munged.out"));
  for (int i = 0; i < 100 && !fs::exists(m / "munge.sock"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (!fs::exists(m / "munge.sock")) return "munged did not start: " + slurp(dir_ / "munged.out") + slurp(m / "munged.log");
  return "";
}

void Cluster::write_conf(const std::string& host) {
  const auto d = dir_.string();
  std::ofstream(conf()) << "ClusterName=gilbenchtest\n"
                        << "SlurmctldHost=" << host << "(127.0.0.1)\n"
                        << "SlurmUser=root\nSlurmdUser=root\n"
                        << "SlurmctldPort=" << free_port() << "\nSlurmdPort=" << free_port() << "\n"
                        << "AuthType=auth/munge\nCredType=cred/munge\n"
                        << "AuthInfo=socket=" << d << "/munge/munge.sock\n"
                        << "StateSaveLocation=" << d << "/state\nSlurmdSpoolDir=" << d << "/spool\n"
                        << "SlurmctldPidFile=" << d << "/slurmctld.pid\nSlurmdPidFile=" << d << "/slurmd.pid\n"
                        << "SlurmctldLogFile=" << d << "/slurmctld.log\nSlurmdLogFile=" << d << "/slurmd.log\n"
                        << "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
                        << "SchedulerType=sched/builtin\nSelectType=select/linear\n"
                        << "ReturnToService=2\nMpiDefault=none\nMailProg=/bin/true\n"
                        << "JobCompType=jobcomp/none\nJobAcctGatherType=jobacct_gather/none\n"
                        << "AccountingStorageType=accounting_storage/none\n"
                        << "NodeName=" << host << " NodeAddr=127.0.0.1 CPUs=" << std::thread::hardware_concurrency()
                        << " State=UNKNOWN\n"
                        << "PartitionName=test Nodes=" << host << " Default=YES MaxTime=INFINITE State=UP\n";
}

std::string Cluster::start() {
  for (const char* t : {"munged", "slurmctld", "slurmd", "sbatch", "sinfo", "squeue", "runuser"})
    if (find_tool(t).empty()) return std::string(t) + " not found (install with scripts/setup.sh --slurm)";
  if (::geteuid() != 0) return "not root: slurmd must run as root";
  fs::create_directories(dir_ / "state");
  fs::create_directories(dir_ / "spool");
  if (auto why = write_munge(); !why.empty()) return why;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::string name = host;
  name = name.substr(0, name.find('.'));
  write_conf(name);
  ::setenv("SLURM_CONF", conf().c_str(), 1);
  pids_.push_back(spawn({find_tool("slurmctld"), "-D", "-i", "-f", conf().string()}, dir_ / "slurmctld.out"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  pids_.push_back(spawn({find_tool("slurmd"), "-D", "-f", conf().string(), "-N", name}, dir_ / "slurmd.out"));
  for (int i = 0; i < 60; ++i) {
    if (output_of("sinfo -h -o %t").find("idle") != std::string::npos) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return "the node did not become idle within 30 s: " + output_of("sinfo") + slurp(dir_ / "slurmctld.log").substr(0, 2000) +
         slurp(dir_ / "slurmd.log").substr(0, 2000);
}

TEST(Slurm, ATwoShardArrayAndItsMergeJobWriteTheMergedReport) {
  const test::ScratchDir scratch("gilbench-slurm");
  const fs::path& dir = scratch.path;
  std::string why;
  {
    Cluster cluster(dir / "slurm");
    why = cluster.start();
    if (why.empty()) {
      std::ofstream(dir / "tiny.toml") << "name = \"tiny\"\nduration_s = 0.5\nwarmup_s = 0.2\nrepetitions = 2\n"
                                       << "concurrency = [2]\ndb = \"" << test_db() << "\"\n"
                                       << "[[target]]\nmodel = [\"threads\", \"async\"]\nworkers = 2\n"
                                       << "[[workload]]\nmode = \"noop\"\n";
      const std::string submit = "cd " + dir.string() + " && GILBENCH=" + gilbench_bin() + " " +
                                 std::string(GILBENCH_SOURCE_DIR) + "/deploy/slurm/submit.sh tiny.toml 2 " +
                                 (dir / "out").string();
      const std::string said = output_of(submit);
      ASSERT_NE(said.find("shards: job"), std::string::npos) << said;
      const fs::path report = dir / "out" / "merged" / "report" / "report.md";
      for (int i = 0; i < 240 && !fs::exists(report); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(500));
      ASSERT_TRUE(fs::exists(report)) << "no merged report within 120 s; queue:\n"
                                      << output_of("squeue") << "\nmerge log:\n"
                                      << slurp(dir / "out" / "merge.log") << "\nshard 1 log:\n"
                                      << slurp(dir / "out" / "shard-1.log");
      const auto rows = results::read_csv((dir / "out" / "merged" / "results.csv").string());
      EXPECT_EQ(rows.size(), 4u);  // 2 targets x 1 level x 2 rounds
      EXPECT_NE(slurp(report).find("This run was split into 2 shards"), std::string::npos);
      EXPECT_TRUE(fs::exists(dir / "out" / "merged" / "env-shard-2.json"));
      EXPECT_TRUE(fs::exists(dir / "out" / "merged" / "report" / "report.html"));
      return;
    }
  }
  if (in_ci()) FAIL() << "Slurm could not start in CI: " << why;
  GTEST_SKIP() << "Slurm cannot start here: " << why;
}

}  // namespace
}  // namespace gilbench::testing
