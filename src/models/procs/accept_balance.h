// Spreads connections evenly over procs workers. Asio accepts speculatively:
// a worker that wins one connection immediately takes every other one in
// the backlog, so with keep-alive clients one worker ends up serving most
// connections one request at a time while the others idle (measured: procs
// io with a 10 ms wait at c=16 reached 90-390 of the 400 req/s four workers
// allow). A proxy in front of gunicorn spreads requests; here a worker
// accepts only while no other worker holds fewer connections. The server
// overrides the gate when a connection has waited too long in the backlog
// (AcceptGate::kMaxWait), so a busy least-loaded worker delays, but never
// strands, a new client.
#pragma once

#include <atomic>
#include <cstdint>

#include "http/server.h"

namespace gilbench::models {

class AcceptBalance {
 public:
  // Shared memory for `workers` slots, mapped before fork so every worker
  // and its replacements see the same counters.
  explicit AcceptBalance(int workers);
  ~AcceptBalance();
  AcceptBalance(const AcceptBalance&) = delete;
  AcceptBalance& operator=(const AcceptBalance&) = delete;

  // The gate of worker `slot`; resets the slot (a replacement starts empty).
  http::AcceptGate* gate_for(int slot);

 private:
  // One cache line per worker: each worker writes its own slot on every
  // request, and sharing a line would bounce it between cores.
  struct alignas(64) Slot {
    std::atomic<int> connections{0};
  };
  class Gate;
  Slot* slots_ = nullptr;
  int workers_ = 0;
  Gate* gate_ = nullptr;  // this process's, once it is a worker
};

}  // namespace gilbench::models
