#include "models/supervisor.h"

#include <poll.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <cstring>
#include <fmt/format.h>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "models/drain.h"

namespace gilbench::models {

namespace {
using SteadyClock = std::chrono::steady_clock;

sigset_t supervised_signals() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGTERM);
  sigaddset(&s, SIGINT);
  sigaddset(&s, SIGCHLD);
  return s;
}
}  // namespace

void Supervisor::block_signals() {
  sigset_t s = supervised_signals();
  ::sigprocmask(SIG_BLOCK, &s, nullptr);
}

void Supervisor::unblock_signals() {
  sigset_t s = supervised_signals();
  ::sigprocmask(SIG_UNBLOCK, &s, nullptr);
}

Supervisor::Supervisor(int workers, ChildFn child, std::chrono::milliseconds kill_after)
    : workers_(workers), child_(std::move(child)),
      pids_(static_cast<std::size_t>(workers), -1),
      started_(static_cast<std::size_t>(workers)), kill_after_(kill_after) {}

pid_t Supervisor::spawn(int slot, int& ready_fd) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::cout.flush();
  std::fflush(nullptr);  // buffered output must not be written twice by the child
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error(fmt::format("fork failed: {}", std::strerror(errno)));
  }
  if (pid == 0) {
    // A worker must not outlive its supervisor (kill -9 of it would leave
    // workers serving the port): it gets SIGTERM, drains and exits. The
    // parent may have died before the prctl: then exit now.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);
    ::close(fds[0]);
    unblock_signals();
    int status = 1;
    try {
      status = child_(slot, fds[1]);
    } catch (const std::exception& e) {
      std::string msg = e.what();
      (void)!::write(fds[1], msg.data(), msg.size());
    }
    // A forked worker must never unwind into the parent's stack (the CLI,
    // the supervisor loop): it ends here.
    std::cout.flush();
    ::_exit(status);
  }
  ::close(fds[1]);
  pids_[static_cast<std::size_t>(slot)] = pid;
  started_[static_cast<std::size_t>(slot)] = SteadyClock::now();
  ready_fd = fds[0];
  return pid;
}

void Supervisor::wait_ready(std::vector<int>& fds) {
  std::string error;
  for (int fd : fds) {
    pollfd p{fd, POLLIN, 0};
    char buf[512];
    ssize_t n = 0;
    if (::poll(&p, 1, 60'000) > 0) n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    if (n == 1 && buf[0] == '\n') continue;
    if (error.empty())
      error = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "worker exited during start-up";
  }
  if (!error.empty()) {
    stop_all();
    throw std::runtime_error(error);
  }
}

void Supervisor::start() {
  std::vector<int> fds(static_cast<std::size_t>(workers_));
  for (int i = 0; i < workers_; ++i) spawn(i, fds[static_cast<std::size_t>(i)]);
  wait_ready(fds);
}

void Supervisor::reap(bool restart, const std::function<void()>& restarted) {
  int status = 0;
  pid_t pid;
  while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
    for (std::size_t i = 0; i < pids_.size(); ++i) {
      if (pids_[i] != pid) continue;
      pids_[i] = -1;
      if (!restart) break;
      std::cerr << fmt::format("gilbench: worker {} (pid {}) {} {}; starting a replacement\n", i,
                               pid, WIFSIGNALED(status) ? "killed by signal" : "exited with",
                               WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
      // A worker that dies right after starting would otherwise make the
      // supervisor fork in a tight loop.
      if (SteadyClock::now() - started_[i] < std::chrono::seconds(1))
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
      int fd = -1;
      spawn(static_cast<int>(i), fd);
      if (restarted) restarted();
      ::close(fd);  // its readiness is not awaited: the others keep serving
      break;
    }
  }
}

void Supervisor::supervise(const std::function<void()>& restarted,
                           const std::function<void()>& stopping) {
  sigset_t s = supervised_signals();
  for (;;) {
    int sig = 0;
    if (::sigwait(&s, &sig) != 0) continue;
    if (sig == SIGCHLD) {
      reap(true, restarted);
      continue;
    }
    break;  // SIGTERM or SIGINT
  }
  if (stopping) stopping();
  stop_all();
}

void Supervisor::stop_all() {
  for (pid_t p : pids_)
    if (p > 0) ::kill(p, SIGTERM);
  // Workers drain their accepted requests; past the deadline they are killed.
  const auto deadline = SteadyClock::now() + kill_after_;
  for (pid_t& p : pids_) {
    if (p <= 0) continue;
    int status = 0;
    while (::waitpid(p, &status, WNOHANG) == 0) {
      if (SteadyClock::now() > deadline) {
        ::kill(p, SIGKILL);
        ::waitpid(p, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == kExitAbandoned))
      ++abandoning_;
    p = -1;
  }
}

}  // namespace gilbench::models
