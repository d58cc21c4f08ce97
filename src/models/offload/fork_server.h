// The offload pool's processes are forked by a small single-threaded "fork
// server" (Python's multiprocessing forkserver), forked by the loop process
// before it starts any thread or interpreter. A pool process and every
// replacement therefore comes from a clean, single-threaded parent: never
// from the loop, whose threads (DB offload) and interpreter (python engine)
// a fork would copy half-way. The fork server runs the procs model's
// Supervisor: it replaces a pool process that dies, and dies with the loop.
#pragma once

#include <sys/types.h>

#include <vector>

#include "models/model.h"
#include "models/offload/control.h"

namespace gilbench::models::offload {

class ForkServer {
 public:
  // Forks the fork server, which forks cfg.workers pool processes; returns
  // once each has started its engine and announced its pipes. Call it while
  // this process is still single-threaded. Throws std::runtime_error with a
  // pool process's start-up error.
  ForkServer(const ServeConfig& cfg, int listen_fd);
  ~ForkServer();
  ForkServer(const ForkServer&) = delete;
  ForkServer& operator=(const ForkServer&) = delete;

  // The loop's end of the control socket, where replacements announce
  // themselves (see control.h).
  int control_fd() const { return ctl_; }
  // The announcements of the first cfg.workers processes; taken once.
  std::vector<Announced> take_initial() { return std::move(initial_); }
  // Shutdown has begun: the fork server stops replacing pool processes and
  // waits for them (past the loop's drain timeout and hard stop), so pool
  // processes that exit at EOF are not restarted.
  void begin_stop();
  // Closes the control socket, stops the fork server if begin_stop() was
  // not called, and reaps it; call after the pool's pipes are closed.
  void stop();

 private:
  pid_t pid_ = -1;
  bool told_ = false;
  int ctl_ = -1;
  std::vector<Announced> initial_;
};

}  // namespace gilbench::models::offload
