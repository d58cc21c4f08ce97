// Keeps P worker processes alive: forks them, restarts one that dies, and on
// SIGTERM/SIGINT forwards the signal and waits for all of them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace gilbench::models {

class Supervisor {
 public:
  // `child` runs in each forked worker and returns its exit status; it gets
  // its slot (0..workers-1, kept by a replacement) and the write end of a
  // pipe on which it writes one byte once it is ready, or an error message
  // if it cannot start.
  using ChildFn = std::function<int(int slot, int ready_fd)>;

  // `kill_after`: how long stop_all() waits for the workers to drain before
  // it kills them (their drain timeout plus a margin).
  Supervisor(int workers, ChildFn child, std::chrono::milliseconds kill_after);

  // Forks all workers and waits until each reports ready. Throws with the
  // first worker's start-up error. Must be called with the signals blocked
  // (see block_signals()).
  void start();
  // Runs until SIGTERM/SIGINT, restarting dead workers (`restarted` runs
  // for each); then runs `stopping` and stops them all.
  void supervise(const std::function<void()>& restarted, const std::function<void()>& stopping);
  // Workers that reported abandoned requests (exit status kExitAbandoned)
  // or had to be killed at the deadline.
  int abandoning_workers() const { return abandoning_; }

  // Blocks SIGTERM, SIGINT and SIGCHLD in this (single-threaded) process so
  // supervise() can take them synchronously; children unblock them.
  static void block_signals();
  static void unblock_signals();

 private:
  pid_t spawn(int slot, int& ready_fd);
  void wait_ready(std::vector<int>& fds);
  void reap(bool restart, const std::function<void()>& restarted);
  void stop_all();

  int workers_;
  ChildFn child_;
  std::vector<pid_t> pids_;
  std::vector<std::chrono::steady_clock::time_point> started_;
  std::chrono::milliseconds kill_after_;
  int abandoning_ = 0;
};

}  // namespace gilbench::models
