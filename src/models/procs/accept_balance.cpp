#include "models/procs/accept_balance.h"

#include <sys/mman.h>

#include <new>
#include <stdexcept>

namespace gilbench::models {

class AcceptBalance::Gate final : public http::AcceptGate {
 public:
  Gate(Slot* slots, int workers, int me) : slots_(slots), workers_(workers), me_(me) {}

  bool may_accept() override {
    const int mine = slots_[me_].connections.load(std::memory_order_relaxed);
    for (int w = 0; w < workers_; ++w)
      if (w != me_ && slots_[w].connections.load(std::memory_order_relaxed) < mine) return false;
    return true;
  }
  void opened() override { slots_[me_].connections.fetch_add(1, std::memory_order_relaxed); }
  void closed() override { slots_[me_].connections.fetch_sub(1, std::memory_order_relaxed); }

 private:
  Slot* slots_;
  int workers_;
  int me_;
};

AcceptBalance::AcceptBalance(int workers) : workers_(workers) {
  static_assert(std::atomic<int>::is_always_lock_free,
                "counters shared between processes must be lock-free");
  void* p = ::mmap(nullptr, sizeof(Slot) * static_cast<std::size_t>(workers),
                   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::runtime_error("mmap of the accept-balance counters failed");
  slots_ = static_cast<Slot*>(p);
  for (int i = 0; i < workers; ++i) new (&slots_[i]) Slot();
}

AcceptBalance::~AcceptBalance() {
  delete gate_;
  ::munmap(slots_, sizeof(Slot) * static_cast<std::size_t>(workers_));
}

http::AcceptGate* AcceptBalance::gate_for(int slot) {
  slots_[slot].connections.store(0);
  delete gate_;
  gate_ = new Gate(slots_, workers_, slot);
  return gate_;
}

}  // namespace gilbench::models
