#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "pool/pool_impl.h"

namespace gilbench::pool {

namespace {
using Clock = std::chrono::steady_clock;

// Shared between the producer and the forked workers (MAP_SHARED). Times are
// steady_clock (CLOCK_MONOTONIC), which is the same clock in every process.
struct Shared {
  sem_t slots;  // free places in the queue: the bound of the bounded queue
  sem_t ready;  // one post per worker once its engine is up
  char error[256];
};
struct TaskRecord {
  std::int64_t id;  // -1: stop
  std::int64_t pad;
};
struct Times {
  std::int64_t start_ns, end_ns;
};

std::int64_t now_ns() { return Clock::now().time_since_epoch().count(); }

[[noreturn]] void worker_main(const PoolConfig& c, const workloads::Request& task, int id, int rfd,
                              Shared* sh, Times* times) {
  std::unique_ptr<engines::Engine> engine;
  std::unique_ptr<engines::Worker> w;
  try {
    // After fork, never before: an interpreter must not cross a fork.
    engine = engines::make_engine(c.engine, {c.db_path, c.engine_options});
    w = engine->make_worker();
  } catch (const std::exception& e) {
    std::snprintf(sh->error, sizeof sh->error, "%s", e.what());
  }
  ::sem_post(&sh->ready);
  std::string failed;  // a task not answered 200 is not completed: run_pool counts it
  serve_tasks(
      task, w.get(), static_cast<std::uint64_t>(id) + 1,
      [&]() -> std::optional<std::int64_t> {
        // A pipe write of <= PIPE_BUF bytes is atomic and each read asks for
        // one record, so concurrent readers never split a record.
        TaskRecord t;
        if (::read(rfd, &t, sizeof t) != static_cast<ssize_t>(sizeof t) || t.id < 0) return std::nullopt;
        ::sem_post(&sh->slots);
        return t.id;
      },
      [&](std::int64_t tid, TimePoint start, TimePoint end) {
        times[tid] = {start.time_since_epoch().count(), end.time_since_epoch().count()};
      },
      failed);
  w.reset();
  engine.reset();
  ::_exit(0);  // no atexit handlers of the parent (test framework, loggers)
}
}  // namespace

std::string run_procs(const PoolConfig& c, const workloads::Request& task, Samples& s) {
  const std::size_t n = s.service_us.size();
  std::size_t bytes = sizeof(Shared) + n * sizeof(Times);
  void* mem = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return std::string("mmap: ") + std::strerror(errno);
  auto* sh = new (mem) Shared{};
  auto* times = reinterpret_cast<Times*>(static_cast<char*>(mem) + sizeof(Shared));
  for (std::size_t i = 0; i < n; ++i) times[i] = {-1, -1};
  ::sem_init(&sh->slots, 1, static_cast<unsigned>(c.queue));
  ::sem_init(&sh->ready, 1, 0);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    ::munmap(mem, bytes);
    return std::string("pipe: ") + std::strerror(errno);
  }
  std::vector<pid_t> pids;
  for (int i = 0; i < c.workers; ++i) {
    pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[1]);
      worker_main(c, task, i, fds[0], sh, times);
    }
    if (pid > 0) pids.push_back(pid);
  }
  ::close(fds[0]);
  for (std::size_t i = 0; i < pids.size(); ++i)
    while (::sem_wait(&sh->ready) != 0 && errno == EINTR) {
    }
  std::string error = pids.size() == static_cast<std::size_t>(c.workers) ? sh->error : "fork failed";
  std::vector<std::int64_t> inserted(n, 0);
  const auto t0 = Clock::now();
  if (error.empty()) {
    for (std::size_t i = 0; i < n; ++i) {
      std::int64_t before = now_ns();
      while (::sem_wait(&sh->slots) != 0 && errno == EINTR) {
      }
      TaskRecord t{static_cast<std::int64_t>(i), 0};
      if (::write(fds[1], &t, sizeof t) != static_cast<ssize_t>(sizeof t)) {
        error = std::string("write: ") + std::strerror(errno);
        break;
      }
      inserted[i] = now_ns();
      s.enqueue_us[i] = (inserted[i] - before) / 1000;
    }
  }
  for (std::size_t i = 0; i < pids.size(); ++i) {
    TaskRecord stop{-1, 0};
    (void)!::write(fds[1], &stop, sizeof stop);
  }
  ::close(fds[1]);
  for (pid_t p : pids) {
    int st;
    ::waitpid(p, &st, 0);
    if (error.empty() && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) error = "a worker process died";
  }
  s.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  for (std::size_t i = 0; i < n; ++i)
    if (times[i].start_ns >= 0) {
      s.queue_us[i] = (times[i].start_ns - inserted[i]) / 1000;
      s.service_us[i] = (times[i].end_ns - times[i].start_ns) / 1000;
    }
  ::sem_destroy(&sh->slots);
  ::sem_destroy(&sh->ready);
  ::munmap(mem, bytes);
  return error;
}

}  // namespace gilbench::pool
