#include "models/async/db_offload.h"

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

asio::awaitable<api::Outcome> DbOffload::lookup(std::string key) {
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(api::Outcome)>(
      [this, &key](auto handler) {
        Task t{std::move(key), std::move(handler)};
        if (!tasks_.try_push(t)) {
          api::Outcome o;
          o.status = 503;
          o.error = {503, api::code::shutting_down, "the database thread has stopped"};
          asio::post(ioc_, asio::append(std::move(t.done), std::move(o)));
        }
      },
      asio::use_awaitable);
}

void DbOffload::loop(engines::Worker& w) {
  while (auto t = tasks_.pop()) {
    api::Outcome o;
    try {
      o = run_lookup(t->key, w);
    } catch (const std::exception& e) {
      o.status = 500;
      o.error = {500, api::code::internal, e.what()};
    }
    asio::post(ioc_, asio::append(std::move(t->done), std::move(o)));
  }
}

}  // namespace gilbench::models
