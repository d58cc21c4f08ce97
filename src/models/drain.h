// The drain deadline of this process and what it abandoned. Process-wide on
// purpose: a procs worker's loop is blocked while its request waits, so only
// the waiting code itself can notice the deadline, and the count of
// abandoned requests becomes the process's exit status (docs/api.md,
// "Shutdown"). Written once by the loop thread at shutdown, read by worker
// threads: atomics.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace gilbench::models {

using DrainClock = std::chrono::steady_clock;

// Exit status of `serve` when requests were abandoned at the drain deadline.
inline constexpr int kExitAbandoned = 3;

void set_drain_deadline(DrainClock::time_point t);
// procs: the supervisor sets the deadline in shared memory when SIGTERM
// arrives, because a worker blocked in a wait cannot run its own signal
// handling until the wait is over. CLOCK_MONOTONIC is the same in every
// process, so one time point serves all.
void share_drain_deadline(std::atomic<std::int64_t>* shared);
bool past_drain_deadline();
void count_abandoned(std::uint64_t n = 1);
std::uint64_t abandoned_requests();

}  // namespace gilbench::models
