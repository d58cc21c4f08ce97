#include "models/threads/threads_model.h"

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <unistd.h>

#include <atomic>
#include <latch>
#include <thread>

#include "engines/engine.h"
#include "models/handler.h"
#include "models/loop_runner.h"
#include "models/bounded_queue.h"
#include "models/drain.h"
#include "engines/abandon.h"

namespace gilbench::models {
namespace {

namespace asio = boost::asio;
using http::Reply;

// A request's way back to the loop. Completed exactly once: by the worker
// with the answer, or earlier by the server's cancellation (the client left,
// or the drain deadline passed) — then the worker skips or discards it.
struct Pending {
  Pending(asio::any_completion_handler<void(Reply)> h, asio::io_context& ioc)
      : done(std::move(h)), work(asio::make_work_guard(ioc)) {}
  std::atomic<bool> claimed{false};
  asio::any_completion_handler<void(Reply)> done;
  // Keeps the loop running while the job is away from it.
  asio::executor_work_guard<asio::io_context::executor_type> work;

  bool complete(asio::io_context& ioc, Reply r) {
    if (claimed.exchange(true, std::memory_order_acq_rel)) return false;
    asio::post(ioc, asio::append(std::move(done), std::move(r)));
    return true;
  }
};

struct Job {
  Request req;
  http::Arrival arrived;
  std::shared_ptr<Pending> pending;
};

class ThreadsDispatcher final : public http::Dispatcher {
 public:
  ThreadsDispatcher(asio::io_context& ioc, const ServeConfig& cfg, engines::Engine& engine,
                    http::Metrics& metrics)
      : ioc_(ioc), metrics_(metrics), reject_(cfg.on_full == OnFull::reject), queue_(static_cast<std::size_t>(cfg.queue)),
        space_(ioc), id_{cfg.model, std::string(engine.name()), static_cast<int>(::getpid())} {
    if (!reject_) queue_.on_space([this] { asio::post(ioc_, [this] { space_.cancel_one(); }); });
    start_workers(cfg.workers, engine);
  }

  ~ThreadsDispatcher() override { stop(); }

  // Lets workers finish the queue, then joins them.
  void stop() {
    queue_.close();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

  std::int64_t depth() const { return static_cast<std::int64_t>(queue_.size()); }

  asio::awaitable<Reply> dispatch(Request req, http::Arrival arrived) override {
    // Only this (loop) thread pushes, so space seen here is still there at
    // the push below; pops in between only add space.
    while (queue_.full()) {
      if (reject_) {
        Reply r = Reply::error({503, api::code::overloaded, "the work queue is full"});
        r.retry_after_s = 1;
        co_return r;
      }
      ++blocked_;
      space_.expires_at(asio::steady_timer::time_point::max());
      co_await space_.async_wait(asio::as_tuple(asio::use_awaitable));
      --blocked_;
    }
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Reply)>(
        [this, &req, arrived](auto handler) {
          auto slot = asio::get_associated_cancellation_slot(handler);
          auto p = std::make_shared<Pending>(std::move(handler), ioc_);
          if (slot.is_connected())
            slot.assign([this, p](asio::cancellation_type) {
              p->complete(ioc_, Reply::error({503, api::code::shutting_down, "abandoned"}));
            });
          Job job{std::move(req), arrived, std::move(p)};
          queue_.try_push(job);
          // Several blocked connections and room for more than one: wake the next.
          if (blocked_ > 0 && !queue_.full()) space_.cancel_one();
        },
        asio::use_awaitable);
  }

 private:
  void start_workers(int n, engines::Engine& engine) {
    std::latch started(n);
    std::vector<std::string> errors(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
      threads_.emplace_back([this, &engine, &started, &errors, i] {
        std::unique_ptr<engines::Worker> w;
        try {
          w = engine.make_worker();
        } catch (const std::exception& e) {
          errors[static_cast<std::size_t>(i)] = e.what();
        }
        started.count_down();
        if (w) run_to_end(work_loop(*w, static_cast<std::uint64_t>(i)));
      });
    started.wait();
    for (auto& e : errors)
      if (!e.empty()) {
        stop();
        throw std::runtime_error("worker start-up failed: " + e);
      }
  }

  // A coroutine only so it can await handle(); it runs on this worker
  // thread's own context and blocks it while it pops and waits.
  asio::awaitable<void> work_loop(engines::Worker& w, std::uint64_t index) {
    Rng rng(0x9e3779b97f4a7c15ULL * (index + 1) ^ static_cast<std::uint64_t>(::getpid()));
    BlockingWaiter waiter;
    while (auto job = queue_.pop()) {
      if (job->pending->claimed.load(std::memory_order_acquire)) {
        metrics_.add_skipped();  // its client left while it was queued
        continue;
      }
      if (past_drain_deadline()) {
        job->pending->complete(ioc_, Reply::error(shutting_down().error));
        continue;
      }
      // Claimed by the cancellation (client left, drain deadline): the work
      // stops at its next poll (workloads/abandon.h) and its answer is dropped.
      engines::WorkWatch watch(&job->pending->claimed);
      Handled h = co_await handle(job->req, w, waiter, rng, Clock::steady());
      job->pending->complete(ioc_, make_reply(job->req, h, id_, job->arrived));
    }
  }

  asio::io_context& ioc_;
  http::Metrics& metrics_;
  const bool reject_;
  BoundedQueue<Job> queue_;
  asio::steady_timer space_;  // cancelled to wake connections blocked on a full queue
  int blocked_ = 0;           // loop thread only
  Identity id_;
  std::vector<std::thread> threads_;
};

class ThreadsModel final : public Model {
 public:
  void run(const ServeConfig& cfg, int listen_fd, const ReadyFn& ready) override {
    auto engine = engines::make_engine(cfg.engine, {cfg.db, cfg.engine_options});
    asio::io_context ioc(1);
    http::Metrics metrics;
    ThreadsDispatcher dispatcher(ioc, cfg, *engine, metrics);
    metrics.set_queue_depth_source([&] { return dispatcher.depth(); });
    run_loop({ioc, listen_fd, dispatcher, {cfg.model, std::string(engine->name()), cfg.workers},
              cfg.server, metrics},
             [&] { ready(0); });
    dispatcher.stop();
  }
};

}  // namespace

std::unique_ptr<Model> make_threads_model() { return std::make_unique<ThreadsModel>(); }

}  // namespace gilbench::models
