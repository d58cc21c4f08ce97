// A bounded FIFO between producers and N consumer threads: the threads
// model's work queue, the async model's DB offload and the pool. Blocking
// pop, blocking or non-blocking push; close() lets consumers drain what is
// queued and then stop.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

namespace gilbench::models {

template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

  // Called (outside the lock) whenever a pop turns a full queue into a
  // non-full one, so a producer waiting for space can be woken.
  void on_space(std::function<void()> f) { on_space_ = std::move(f); }

  // Moves from `item` only on success. False if full or closed.
  bool try_push(T& item) {
    {
      std::lock_guard lk(mu_);
      if (closed_ || q_.size() >= capacity_) return false;
      q_.push_back(std::move(item));
    }
    not_empty_.notify_one();
    return true;
  }

  // Blocks until there is space; false if the queue is closed.
  bool push(T item) {
    {
      std::unique_lock lk(mu_);
      not_full_.wait(lk, [&] { return closed_ || q_.size() < capacity_; });
      if (closed_) return false;
      q_.push_back(std::move(item));
    }
    not_empty_.notify_one();
    return true;
  }

  // Blocks until an item is there; nullopt once closed and drained.
  std::optional<T> pop() {
    std::optional<T> out;
    bool was_full = false;
    {
      std::unique_lock lk(mu_);
      not_empty_.wait(lk, [&] { return closed_ || !q_.empty(); });
      if (q_.empty()) return std::nullopt;
      was_full = q_.size() >= capacity_;
      out.emplace(std::move(q_.front()));
      q_.pop_front();
    }
    not_full_.notify_one();
    if (was_full && on_space_) on_space_();
    return out;
  }

  // No more pushes; pops return what is left, then nullopt.
  void close() {
    {
      std::lock_guard lk(mu_);
      closed_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  std::size_t size() const {
    std::lock_guard lk(mu_);
    return q_.size();
  }
  bool full() const {
    std::lock_guard lk(mu_);
    return q_.size() >= capacity_;
  }
  std::size_t capacity() const { return capacity_; }

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<T> q_;
  bool closed_ = false;
  std::function<void()> on_space_;
};

}  // namespace gilbench::models
