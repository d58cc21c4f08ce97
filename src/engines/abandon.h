// Lets long work stop once nobody wants its answer (issue 20, item 6): its
// client has left, or the drain deadline has passed. The loops of the cpu
// and hash workloads poll work_abandoned() every kPollBytes of hashing (the
// python engine's functions between chunks of iterations) and then throw
// WorkAbandoned, which the handler answers 503 shutting_down.
#pragma once

#include <atomic>
#include <cstdint>
#include <stdexcept>

namespace gilbench::engines {

// Hashing between two polls: 1024 links of the cpu chain, well under 1 ms.
inline constexpr std::int64_t kPollBytes = 64 * 1024;

// While alive, work on this thread is abandoned once *gone is true (threads:
// the request's completion was claimed by its cancellation). Nests.
class WorkWatch {
 public:
  explicit WorkWatch(const std::atomic<bool>* gone);
  ~WorkWatch();
  WorkWatch(const WorkWatch&) = delete;
  WorkWatch& operator=(const WorkWatch&) = delete;

 private:
  const std::atomic<bool>* previous_;
};

// A second reason, for the whole process (the drain deadline, set by the
// models: workloads know nothing of shutdown). Set once, before work runs.
void set_process_abandon_check(bool (*check)());

// Whether the work running on this thread should stop now.
bool work_abandoned();

struct WorkAbandoned : std::runtime_error {
  WorkAbandoned() : std::runtime_error("the work was abandoned: its client left or the drain deadline passed") {}
};

inline void throw_if_abandoned() {
  if (work_abandoned()) throw WorkAbandoned();
}

}  // namespace gilbench::engines
