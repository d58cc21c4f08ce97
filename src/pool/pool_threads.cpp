#include <latch>
#include <thread>

#include "models/bounded_queue.h"
#include "pool/pool_impl.h"

namespace gilbench::pool {

using Clock = std::chrono::steady_clock;

namespace {
boost::asio::awaitable<void> task_loop(const workloads::Request& task, engines::Worker* w,
                                       std::uint64_t seed,
                                       const std::function<std::optional<std::int64_t>()>& next,
                                       const std::function<void(std::int64_t, TimePoint, TimePoint)>& done,
                                       std::string& error) {
  models::BlockingWaiter waiter;
  workloads::Rng rng(seed);
  while (auto id = next()) {
    if (!w) continue;
    const models::Handled h = co_await models::handle(task, *w, waiter, rng, models::Clock::steady());
    if (h.outcome.status == 200) done(*id, h.started, h.done);
    else if (error.empty()) error = h.outcome.error.code + ": " + h.outcome.error.detail;
  }
}
}  // namespace

void serve_tasks(const workloads::Request& task, engines::Worker* w, std::uint64_t seed,
                 const std::function<std::optional<std::int64_t>()>& next,
                 const std::function<void(std::int64_t, TimePoint, TimePoint)>& done,
                 std::string& error) {
  models::run_to_end(task_loop(task, w, seed, next, done, error));
}

std::string run_threads(const PoolConfig& c, const workloads::Request& task, Samples& s) {
  std::unique_ptr<engines::Engine> engine;
  try {
    engine = engines::make_engine(c.engine, {c.db_path, c.engine_options});
  } catch (const std::exception& e) {
    return e.what();
  }
  struct Task {
    int id;
  };
  models::BoundedQueue<Task> q(static_cast<std::size_t>(c.queue));
  std::vector<Clock::time_point> inserted(s.queue_us.size());
  std::vector<Clock::time_point> started(s.queue_us.size());
  std::latch ready(c.workers);
  std::vector<std::string> errors(static_cast<std::size_t>(c.workers));
  std::vector<std::thread> threads;
  for (int i = 0; i < c.workers; ++i)
    threads.emplace_back([&, i] {
      // Each worker is made and used on its own thread (engine.h contract).
      std::unique_ptr<engines::Worker> w;
      try {
        w = engine->make_worker();
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(i)] = e.what();
      }
      ready.count_down();
      serve_tasks(
          task, w.get(), static_cast<std::uint64_t>(i) + 1,
          [&]() -> std::optional<std::int64_t> {
            if (auto t = q.pop()) return t->id;
            return std::nullopt;
          },
          [&](std::int64_t id, TimePoint start, TimePoint end) {
            started[static_cast<std::size_t>(id)] = start;
            s.service_us[static_cast<std::size_t>(id)] = micros(end - start);
          },
          errors[static_cast<std::size_t>(i)]);
    });
  // Worker start-up (an interpreter thread state, a SQLite connection) is
  // not part of the measurement.
  ready.wait();
  const auto t0 = Clock::now();
  for (int i = 0; i < c.tasks; ++i) {
    auto before = Clock::now();
    q.push(Task{i});
    inserted[static_cast<std::size_t>(i)] = Clock::now();
    s.enqueue_us[static_cast<std::size_t>(i)] = micros(inserted[static_cast<std::size_t>(i)] - before);
  }
  q.close();
  for (auto& t : threads) t.join();
  s.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  // The producer stamps `inserted` just after the push returns, so a task
  // popped at once can look a few µs early: run_pool clamps that to 0.
  for (std::size_t i = 0; i < s.queue_us.size(); ++i)
    if (s.service_us[i] >= 0) s.queue_us[i] = micros(started[i] - inserted[i]);
  for (auto& e : errors)
    if (!e.empty()) return e;
  return "";
}

}  // namespace gilbench::pool
