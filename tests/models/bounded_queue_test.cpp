#include "models/bounded_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace gilbench::models {
namespace {

using namespace std::chrono_literals;

TEST(BoundedQueue, RejectsWhenFull) {
  BoundedQueue<int> q(2);
  int a = 1, b = 2, c = 3;
  EXPECT_TRUE(q.try_push(a));
  EXPECT_TRUE(q.try_push(b));
  EXPECT_TRUE(q.full());
  EXPECT_FALSE(q.try_push(c));
  EXPECT_EQ(c, 3);  // not moved from on failure
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(q.pop(), 1);
  EXPECT_TRUE(q.try_push(c));
  EXPECT_EQ(q.pop(), 2);
  EXPECT_EQ(q.pop(), 3);
}

TEST(BoundedQueue, PushBlocksUntilSpace) {
  BoundedQueue<int> q(1);
  q.push(1);
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    q.push(2);
    pushed = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(pushed.load());  // still blocked: the queue is full
  EXPECT_EQ(q.pop(), 1);
  producer.join();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(q.pop(), 2);
}

TEST(BoundedQueue, OnSpaceFiresOnlyWhenLeavingFull) {
  BoundedQueue<int> q(2);
  int calls = 0;
  q.on_space([&] { ++calls; });
  q.push(1);
  q.pop();  // was not full
  EXPECT_EQ(calls, 0);
  q.push(1);
  q.push(2);
  q.pop();  // full -> not full
  EXPECT_EQ(calls, 1);
  q.pop();
  EXPECT_EQ(calls, 1);
}

TEST(BoundedQueue, CloseDrainsThenStopsConsumers) {
  BoundedQueue<int> q(8);
  for (int i = 0; i < 5; ++i) q.push(i);
  q.close();
  int v = 9;
  EXPECT_FALSE(q.try_push(v));
  EXPECT_FALSE(q.push(9));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(q.pop(), i);  // nothing accepted is lost
  EXPECT_EQ(q.pop(), std::nullopt);
}

TEST(BoundedQueue, CloseWakesBlockedConsumersAndProducers) {
  BoundedQueue<int> empty(1), full(1);
  full.push(0);
  std::thread consumer([&] { EXPECT_EQ(empty.pop(), std::nullopt); });
  std::thread producer([&] { EXPECT_FALSE(full.push(1)); });
  std::this_thread::sleep_for(30ms);
  empty.close();
  full.close();
  consumer.join();
  producer.join();
}

TEST(BoundedQueue, ManyConsumersSeeEveryItemOnce) {
  BoundedQueue<int> q(4);
  constexpr int kItems = 20000;
  std::vector<std::atomic<int>> seen(kItems);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&] {
      while (auto v = q.pop()) seen[static_cast<std::size_t>(*v)]++;
    });
  for (int i = 0; i < kItems; ++i) q.push(i);
  q.close();
  for (auto& t : workers) t.join();
  for (int i = 0; i < kItems; ++i) ASSERT_EQ(seen[static_cast<std::size_t>(i)].load(), 1) << i;
}

}  // namespace
}  // namespace gilbench::models
