// The loop's side of the offload pool: a bounded queue of cpu jobs in front
// of P pool processes, one job in flight per process. Everything here runs
// on the loop thread; nothing blocks it (pipes are read and written through
// Asio), so io and noop requests keep being served while the pool works.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/metrics.h"
#include "models/handler.h"
#include "models/offload/control.h"

namespace gilbench::models::offload {

// What came back for one job. Times in µs (docs/api.md, "The offload
// model"): the pool process measures its work (service_us + gil_wait_us);
// ipc_us = (answer read back - sent) - that work: serialise, write, wake the
// pool process, its read, its write of the answer, the loop noticing and
// reading it.
struct PoolResult {
  int status = 200;   // 200; 500 (worker_died, internal); 503 (overloaded)
  std::string code;   // error code when status != 200
  std::string text;   // answer fields, or error detail
  int pid = 0;        // the pool process that ran it
  Clock::time_point sent{};
  std::int64_t service_us = 0;  // work less the GIL wait
  std::optional<std::int64_t> gil_wait_us;
  std::int64_t ipc_us = 0;
};

// The outcome a request gets from a result: its fields and the pool
// process's timing (Outcome::remote), or the error.
Outcome to_outcome(const PoolResult& r);

class Pool {
 public:
  // `queue` jobs may wait for a free process; beyond that `reject` answers
  // 503, else the submitting connection waits (stops reading).
  Pool(boost::asio::io_context& ioc, int control_fd, std::vector<Announced> initial,
       std::size_t queue, bool reject, http::Metrics& metrics);
  ~Pool();

  // The server's cancellation (its client left, or the drain deadline
  // passed) takes a job out of the queue with 503 shutting_down; a job
  // already in a pool process cannot be interrupted and is answered when done.
  // First wait_for_room(): a result when the job must not be queued (503),
  // else nullopt; then, with no suspension in between, submit().
  boost::asio::awaitable<std::optional<PoolResult>> wait_for_room();
  boost::asio::awaitable<PoolResult> submit(const Request& r);

  std::size_t depth() const { return queue_.size(); }
  // Pool processes started to replace dead ones.
  std::uint64_t restarts() const { return restarts_; }
  // Shutdown has begun: replacements are no longer awaited, so jobs that
  // find no live process fail instead of waiting for one.
  void stopping();
  // Closes every pipe: idle pool processes exit at EOF.
  void close();

 private:
  struct Proc;
  // Where a job's result goes: the submitting coroutine waits on `done`
  // (expiring never), which finish() cancels once `result` is set. A timer
  // rather than a custom operation because the server's cancellation (drain
  // deadline, departed client) reaches a timer wait for certain: it wakes
  // the waiter with no result, and submit() then takes its job out of the
  // queue if it has not started.
  struct Waiter {
    explicit Waiter(boost::asio::io_context& ioc) : done(ioc) {}
    boost::asio::steady_timer done;
    std::optional<PoolResult> result;
  };
  struct Job {
    std::uint64_t id;
    std::string body;
    std::shared_ptr<Waiter> waiter;
  };

  void adopt(const Announced& a);
  void pump();
  boost::asio::awaitable<void> exchange(std::shared_ptr<Proc> p, Job job);
  boost::asio::awaitable<void> watch_control();
  void finish(Job& job, PoolResult r);
  void retire(const std::shared_ptr<Proc>& p);
  void fail_waiting_if_hopeless();
  bool remove_queued(std::uint64_t id);
  bool any_alive() const;

  boost::asio::io_context& ioc_;
  boost::asio::posix::stream_descriptor control_;
  std::vector<std::shared_ptr<Proc>> slots_;
  std::list<Job> queue_;  // a list: a cancelled job leaves from the middle
  const std::size_t capacity_;
  const bool reject_;
  boost::asio::steady_timer space_;  // cancelled to wake a connection waiting for room
  int blocked_ = 0;
  std::uint64_t next_id_ = 0;
  std::uint64_t restarts_ = 0;
  http::Metrics& metrics_;
  bool stopping_ = false;
  bool orphaned_ = false;  // the fork server has gone: no more replacements
};

}  // namespace gilbench::models::offload
