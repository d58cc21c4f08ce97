// The async model's database thread, as aiosqlite does it: one thread owns
// the engine worker (and so the SQLite connection) and answers lookups
// through the event loop, which never blocks on the database.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <string>
#include <thread>

#include "api/response.h"
#include "engines/engine.h"
#include "models/bounded_queue.h"

namespace gilbench::models {

class DbOffload {
 public:
  DbOffload(boost::asio::io_context& ioc, engines::Engine& engine);  // throws if the worker cannot start
  ~DbOffload();

  // Resumes on the loop with the lookup's outcome.
  boost::asio::awaitable<api::Outcome> lookup(std::string key);
  void stop();

 private:
  struct Task {
    std::string key;
    boost::asio::any_completion_handler<void(api::Outcome)> done;
  };
  void loop(engines::Worker& w);

  boost::asio::io_context& ioc_;
  BoundedQueue<Task> tasks_;
  std::thread thread_;
};

}  // namespace gilbench::models
