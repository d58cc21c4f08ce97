#include "models/offload/fork_server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <iostream>
#include <stdexcept>

#include "models/offload/pool_process.h"
#include "models/supervisor.h"

namespace gilbench::models::offload {

namespace {

[[noreturn]] void fork_server_main(const ServeConfig& cfg, int ctl, int ready_fd, pid_t loop) {
  // SIGKILL, not SIGTERM: a loop that died cannot be drained for, and the
  // pool processes follow through their own PDEATHSIG.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != loop) ::_exit(1);
  // A terminal's Ctrl-C reaches the whole group; the loop drains and then
  // stops us, so only its SIGTERM ends the fork server.
  ::signal(SIGINT, SIG_IGN);
  Supervisor::block_signals();
  const pid_t self = ::getpid();
  // The loop drains for drain_timeout and cuts what is left within the hard
  // stop; only a pool process still alive after that is killed.
  const auto kill_after = cfg.server.drain_timeout + http::HttpServer::kHardStopAfterDrain +
                          std::chrono::seconds(5);
  Supervisor sup(
      cfg.workers, [&](int slot, int rfd) { return pool_process_main(cfg, slot, ctl, rfd, self); },
      kill_after);
  try {
    sup.start();
  } catch (const std::exception& e) {
    std::string msg = e.what();
    (void)!::write(ready_fd, msg.data(), msg.size());
    ::_exit(1);
  }
  (void)!::write(ready_fd, "\n", 1);
  ::close(ready_fd);
  sup.supervise({}, {});
  std::cout.flush();
  ::_exit(0);
}

// Reads the fork server's verdict: "\n" once every pool process is ready,
// else its start-up error.
std::string wait_ready(int fd) {
  std::string got;
  char buf[512];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, 120'000);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return "offload: the pool did not start within 120 s";
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
    if (got == "\n") return "";
  }
  return got.empty() ? "offload: the fork server exited during start-up" : got;
}

}  // namespace

ForkServer::ForkServer(const ServeConfig& cfg, int listen_fd) {
  int sv[2], ready[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    throw std::runtime_error(fmt::format("offload: socketpair: {}", std::strerror(errno)));
  if (::pipe2(ready, O_CLOEXEC) != 0) {
    ::close(sv[0]);
    ::close(sv[1]);
    throw std::runtime_error("offload: pipe failed");
  }
  const pid_t loop = ::getpid();
  std::cout.flush();
  std::fflush(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) {
    const int e = errno;
    for (int fd : {sv[0], sv[1], ready[0], ready[1]}) ::close(fd);
    throw std::runtime_error(fmt::format("offload: fork: {}", std::strerror(e)));
  }
  if (pid_ == 0) {
    ::close(sv[0]);
    ::close(ready[0]);
    ::close(listen_fd);  // only the loop accepts; the port must close with it
    fork_server_main(cfg, sv[1], ready[1], loop);
  }
  ::close(sv[1]);
  ::close(ready[1]);
  ctl_ = sv[0];
  std::string error = wait_ready(ready[0]);
  ::close(ready[0]);
  // Each pool process announced itself before reporting ready, so all the
  // first announcements are already queued on the socket.
  bool closed = false;
  while (error.empty() && static_cast<int>(initial_.size()) < cfg.workers) {
    auto a = receive(ctl_, closed);
    if (!a) error = "offload: a pool process did not announce its pipes";
    else initial_.push_back(*a);
  }
  if (!error.empty()) {
    for (auto& a : initial_) {
      ::close(a.req_fd);
      ::close(a.resp_fd);
    }
    stop();
    throw std::runtime_error(error);
  }
}

ForkServer::~ForkServer() { stop(); }

void ForkServer::begin_stop() {
  if (pid_ > 0 && !told_) ::kill(pid_, SIGTERM);
  told_ = true;
}

void ForkServer::stop() {
  if (ctl_ >= 0) ::close(ctl_);
  ctl_ = -1;
  if (pid_ <= 0) return;
  begin_stop();
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

}  // namespace gilbench::models::offload
