// The async model's database thread, as aiosqlite does it: one thread owns
// the engine worker (and so the SQLite connection) and answers lookups
// through the event loop, which never blocks on the database.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <string>
#include <thread>

#include "models/handler.h"
#include "engines/engine.h"
#include "models/bounded_queue.h"

namespace gilbench::models {

class DbOffload {
 public:
  DbOffload(boost::asio::io_context& ioc, engines::Engine& engine);  // throws if the worker cannot start
  ~DbOffload();

  // Runs the request's work on the database thread; resumes on the loop
  // with its outcome.
  boost::asio::awaitable<Outcome> run(const Request& r);
  void stop();

 private:
  struct Task {
    Request req;
    // An exception is carried back to the loop and rethrown there, into
    // handle(), which answers it.
    boost::asio::any_completion_handler<void(std::exception_ptr, Outcome)> done;
  };
  void loop(engines::Worker& w);

  boost::asio::io_context& ioc_;
  BoundedQueue<Task> tasks_;
  std::thread thread_;
};

}  // namespace gilbench::models
