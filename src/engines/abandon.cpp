#include "engines/abandon.h"

namespace gilbench::engines {

namespace {
thread_local const std::atomic<bool>* watched = nullptr;
std::atomic<bool (*)()> process_check{nullptr};
}  // namespace

WorkWatch::WorkWatch(const std::atomic<bool>* gone) : previous_(watched) { watched = gone; }

WorkWatch::~WorkWatch() { watched = previous_; }

void set_process_abandon_check(bool (*check)()) { process_check.store(check, std::memory_order_relaxed); }

bool work_abandoned() {
  if (watched && watched->load(std::memory_order_relaxed)) return true;
  auto* check = process_check.load(std::memory_order_relaxed);
  return check && check();
}

}  // namespace gilbench::engines
