#include "models/procs/shared_metrics.h"

#include <sys/mman.h>

#include <new>
#include <stdexcept>

namespace gilbench::models {

std::size_t SharedMetrics::bytes() const {
  return sizeof(Region) + alignof(http::MetricCounters) +
         sizeof(http::MetricCounters) * static_cast<std::size_t>(count_);
}

SharedMetrics::SharedMetrics(int workers) : count_(workers) {
  void* p = ::mmap(nullptr, bytes(), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::runtime_error("mmap of the shared metrics failed");
  region_ = new (p) Region();
  auto addr = reinterpret_cast<std::uintptr_t>(region_ + 1);
  addr = (addr + alignof(http::MetricCounters) - 1) & ~(alignof(http::MetricCounters) - 1);
  workers_ = reinterpret_cast<http::MetricCounters*>(addr);
  for (int i = 0; i < workers; ++i) new (&workers_[i]) http::MetricCounters();
}

SharedMetrics::~SharedMetrics() { ::munmap(region_, bytes()); }

void SharedMetrics::attach(http::Metrics& m, int slot, pid_t supervisor) {
  workers_[slot].reset_gauges();
  m.share(&workers_[slot], std::span<http::MetricCounters>(workers_, static_cast<std::size_t>(count_)));
  m.set_tree_root(supervisor);
  m.set_restarts_source([r = region_] { return r->restarts.load(std::memory_order_relaxed); });
}

}  // namespace gilbench::models
