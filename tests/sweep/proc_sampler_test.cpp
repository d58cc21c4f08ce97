#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "proc/proc_stat.h"

#include "sweep/proc_sampler.h"

namespace gilbench::sweep {
namespace {

TEST(ProcSampler, ReadsThisProcess) {
  auto p = proc::read_proc(::getpid());
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->pid, ::getpid());
  EXPECT_EQ(p->ppid, ::getppid());
  EXPECT_GT(p->rss_kb, 0);
  EXPECT_GT(p->pss_kb, 0);
  // USS (private pages) <= PSS (private + a share of shared): one read of smaps_rollup.
  EXPECT_GT(p->uss_kb, 0);
  EXPECT_LE(p->uss_kb, p->pss_kb);
  EXPECT_GE(p->threads, 1);
  EXPECT_FALSE(proc::read_proc(-5).has_value());
}

TEST(ProcSampler, SamplesTheWholeTreeAndItsCpu) {
  pid_t child = ::fork();
  if (child == 0) {
    ::pause();
    ::_exit(0);
  }
  auto tree = proc::process_tree(::getpid());
  EXPECT_NE(std::find(tree.begin(), tree.end(), child), tree.end());

  TreeSampler s(::getpid(), std::chrono::milliseconds(20));
  s.start();
  // Burn ~300 ms of CPU in this process so the window has something to count.
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  volatile std::uint64_t x = 0;
  while (std::chrono::steady_clock::now() < until) x = x + 1;
  auto u = s.stop();
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_GE(u.peak_processes, 2);
  EXPECT_GE(u.peak_threads, 2);
  EXPECT_GT(u.peak_rss_kb, 0);
  EXPECT_GT(u.peak_pss_kb, 0);
  EXPECT_GT(u.peak_uss_kb, 0);
  EXPECT_LE(u.peak_uss_kb, u.peak_pss_kb);
  // A loaded machine may give this process less than the whole 300 ms.
  EXPECT_GT(u.cpu_user_s + u.cpu_sys_s, 0.03);
  EXPECT_LT(u.cpu_user_s + u.cpu_sys_s, 5.0);
  EXPECT_GE(u.samples, 2);
}

}  // namespace
}  // namespace gilbench::sweep
