// The request handler: every model and `gilbench pool` run a /score request
// through handle(). It draws the workload's wait, waits, runs the work and
// stamps when it started and finished; an exception becomes a 500 here
// (api::internal_error). Models only decide where it runs (a worker thread, a worker
// process, the loop) and how it waits (a Waiter).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <string>

#include "engines/engine.h"
#include "http/reply.h"
#include "workloads/request.h"

namespace gilbench::models {

using workloads::Outcome;
using workloads::Request;
using workloads::Rng;

// Time, behind an interface so the handler is tested with a fake clock.
class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual time_point now() const { return std::chrono::steady_clock::now(); }
  static Clock& steady();  // the real steady clock
};

// How a model lets a request wait: for time (an io wait), and for its work
// when that runs elsewhere (a database thread, a pool process).
class Waiter {
 public:
  virtual ~Waiter() = default;
  // Waits `d`; false when the request was given up meanwhile (the drain
  // deadline passed, or the client left): it is then answered 503.
  virtual boost::asio::awaitable<bool> sleep(std::chrono::microseconds d, engines::Worker& w) = 0;
  // Whether the request's work runs elsewhere (work()); by default it runs
  // here, on the handler's worker, through run_here(), with no suspension.
  virtual bool elsewhere(const Request&) const { return false; }
  // Runs the work elsewhere and resumes with its outcome.
  virtual boost::asio::awaitable<Outcome> work(const Request& r, engines::Worker& w, Rng& rng);
};

// A Waiter that blocks the calling thread in slices of at most a second, so
// the drain deadline (models/drain.h) is noticed (threads, procs, the pool).
class BlockingWaiter final : public Waiter {
 public:
  boost::asio::awaitable<bool> sleep(std::chrono::microseconds d, engines::Worker& w) override;
};

// The work on `w`, now, with the worker's GIL wait since its last take (a
// blocking wait's included) in the outcome.
Outcome run_here(const Request& r, engines::Worker& w, Rng& rng);

struct Handled {
  Outcome outcome;
  Clock::time_point started, done;
};

boost::asio::awaitable<Handled> handle(const Request& r, engines::Worker& w, Waiter& waiter,
                                       Rng& rng, Clock& clock);

// Runs `loop` to its end on the calling thread, on an io_context of its own:
// how a thread that blocks anyway (a threads worker, a pool process, a
// `gilbench pool` worker) runs its loop of handle() calls. One context per
// loop rather than per request: a context per request cost ~5,000
// instructions (docs/benchmarks.md, "The handler's cost").
void run_to_end(boost::asio::awaitable<void> loop);

// The outcome of a request abandoned at the drain deadline: 503 shutting_down.
Outcome shutting_down();

// Identity stamped on every success.
struct Identity {
  std::string model;
  std::string engine;
  int pid = 0;
};

// The HTTP reply of a handled request: queue_us = started - arrived (left
// out when arrived is unknown), service_us = done - started - GIL wait,
// gil_wait_us = that wait (left out when none). Work done in another
// process (Outcome::remote) brings its own pid, service_us and ipc_us, and
// its queue ends where the hand-off began.
http::Reply make_reply(const Request& r, const Handled& h, const Identity& id,
                       std::optional<Clock::time_point> arrived);

}  // namespace gilbench::models
