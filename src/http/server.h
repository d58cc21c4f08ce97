// The HTTP layer shared by every model: accepts connections on one event
// loop, reads requests with Beast (keep-alive, pipelining in order, chunked
// bodies, HTTP/1.0), enforces the limits, routes, hands /score requests to
// the model's Dispatcher and writes the answers.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <list>
#include <memory>

#include "api/request.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "http/rx_timestamp.h"
#include "http/router.h"

namespace gilbench::http {

using Clock = std::chrono::steady_clock;
namespace asio = boost::asio;

struct ServerOptions {
  api::Limits limits;
  std::size_t max_body = 64 * 1024;
  std::size_t max_header = 8 * 1024;
  int max_connections = 4096;
  // Time allowed to receive one whole request, keep-alive idle time included:
  // a half-open or trickling client is closed after it, so it cannot hold a
  // connection slot (or a procs worker's attention) for ever.
  std::chrono::milliseconds read_timeout{30'000};
  // On shutdown, how long a connection with a request partly received may
  // still finish sending it.
  std::chrono::milliseconds shutdown_grace{500};
};

// Where a model runs valid /score requests. dispatch() is called on the
// server's loop thread and must resume there. `arrived`: when the request's
// first byte reached the socket (http/rx_timestamp.h), the start of queue_us.
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual asio::awaitable<Reply> dispatch(api::Request req, Arrival arrived) = 0;
};

// Lets a process decline new connections for a while so several processes
// on one listening socket share them evenly (procs). Without a gate a
// server accepts whenever it can; with one, it still accepts a connection
// that has waited kMaxWait in the backlog, so a client is delayed by at
// most that while the least-loaded worker is busy.
class AcceptGate {
 public:
  static constexpr std::chrono::milliseconds kMaxWait{20};
  virtual ~AcceptGate() = default;
  virtual bool may_accept() = 0;
  virtual void opened() = 0;
  virtual void closed() = 0;
};

class HttpServer {
 public:
  HttpServer(asio::io_context& ioc, asio::ip::tcp::acceptor acceptor, Dispatcher& dispatcher,
             ServerFacts facts, ServerOptions options, Metrics& metrics);
  ~HttpServer();

  void start();
  // Stops accepting, answers every request already received, closes idle
  // connections. The loop's run() returns once the last connection is gone.
  void begin_shutdown();
  bool stopping() const { return stopping_; }
  void set_accept_gate(AcceptGate* gate) { gate_ = gate; }
  // Runs on the loop once stopping and the last connection has closed.
  void on_stopped(std::function<void()> f) { on_stopped_ = std::move(f); }

 private:
  struct Session;
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> sweep_loop();
  asio::awaitable<void> serve(asio::ip::tcp::socket sock);
  asio::awaitable<void> refuse(asio::ip::tcp::socket sock);
  void drain_backlog();
  void sweep(Clock::time_point now);

  asio::io_context& ioc_;
  asio::ip::tcp::acceptor acceptor_;
  Dispatcher& dispatcher_;
  ServerFacts facts_;
  ServerOptions opt_;
  Metrics& metrics_;
  asio::steady_timer sweeper_;
  std::list<Session*> sessions_;  // touched on the loop thread only
  bool stopping_ = false;
  std::function<void()> on_stopped_;
  AcceptGate* gate_ = nullptr;
};

}  // namespace gilbench::http
