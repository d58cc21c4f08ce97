#include "models/db_offload.h"

#include <boost/asio/append.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <future>

#include "models/handler.h"

namespace gilbench::models {

namespace asio = boost::asio;

// The task queue is effectively unbounded: the loop submits at most one
// lookup per open connection.
DbOffload::DbOffload(asio::io_context& ioc, engines::Engine& engine)
    : ioc_(ioc), tasks_(1u << 20) {
  std::promise<void> started;
  auto ready = started.get_future();
  thread_ = std::thread([this, &engine, &started] {
    std::unique_ptr<engines::Worker> w;
    try {
      w = engine.make_worker();
    } catch (...) {
      started.set_exception(std::current_exception());
      return;
    }
    started.set_value();
    loop(*w);
  });
  try {
    ready.get();
  } catch (...) {
    thread_.join();
    throw;
  }
}

DbOffload::~DbOffload() { stop(); }

void DbOffload::stop() {
  tasks_.close();
  if (thread_.joinable()) thread_.join();
}

asio::awaitable<Outcome> DbOffload::run(const Request& r) {
  // A non-null exception_ptr completion is rethrown here by use_awaitable.
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable),
                                          void(std::exception_ptr, Outcome)>(
      [this, &r](auto handler) {
        Task t{r, std::move(handler)};
        if (!tasks_.try_push(t)) {
          Outcome o = Outcome::failure({503, api::code::shutting_down, "the database thread has stopped"});
          asio::post(ioc_, asio::append(std::move(t.done), std::exception_ptr(), std::move(o)));
        }
      },
      asio::use_awaitable);
}

void DbOffload::loop(engines::Worker& w) {
  Rng rng(0x6a09e667f3bcc909ULL);
  while (auto t = tasks_.pop()) {
    Outcome o;
    std::exception_ptr error;
    try {
      o = run_here(t->req, w, rng);
    } catch (...) {
      error = std::current_exception();
    }
    asio::post(ioc_, asio::append(std::move(t->done), error, std::move(o)));
  }
}

}  // namespace gilbench::models
