// The HTTP layer shared by every model: accepts connections on one event
// loop, reads requests with Beast (keep-alive, pipelining in order, chunked
// bodies, HTTP/1.0), enforces the limits and framing rules (http/framing.h),
// routes, hands /score requests to the model's Dispatcher and writes the
// answers; stops as docs/api.md "Shutdown" says. Accepting and shutdown are
// in server.cpp, one connection in session.cpp.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <optional>

#include "workloads/request.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "http/request_parser.h"
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
  // Time allowed to hand one answer to the kernel. With at most
  // kMaxQueuedAnswerBytes queued per connection, a client that stops reading
  // is closed after it instead of holding its slot for ever.
  std::chrono::milliseconds write_timeout{10'000};
  // On shutdown, how long a connection with a request partly received may
  // still finish sending it.
  std::chrono::milliseconds shutdown_grace{500};
  // On shutdown, how long requests already received may still run; past it
  // they are answered 503 shutting_down where the model can still write.
  std::chrono::milliseconds drain_timeout{10'000};
  // Answers waiting in the kernel for a client that does not read them: the
  // send buffer of every accepted connection (SO_SNDBUF; Linux doubles it).
  static constexpr int kMaxQueuedAnswerBytes = 256 * 1024;
};

// Where a model runs valid /score requests. dispatch() is called on the
// server's loop thread and must resume there. `arrived`: when the request's
// first byte reached the socket (http/rx_timestamp.h), the start of queue_us.
// The server may cancel a dispatch through the awaiting coroutine's
// cancellation slot (terminal: the client left, or the drain deadline
// passed); a model with a queue should then complete at once and not run it.
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual asio::awaitable<Reply> dispatch(workloads::Request req, Arrival arrived) = 0;
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
  // After drain_timeout, what is left is cut off at this further delay.
  static constexpr std::chrono::milliseconds kHardStopAfterDrain{5'000};

  HttpServer(asio::io_context& ioc, asio::ip::tcp::acceptor acceptor, Dispatcher& dispatcher,
             ServerFacts facts, ServerOptions options, Metrics& metrics);
  ~HttpServer();

  void start();
  // Stops listening (new handshakes are dropped, so clients see a refused
  // connection, never a reset request), accepts what the kernel had already
  // queued, answers every request already received, closes idle
  // connections; at drain_timeout abandons what still runs (503). The
  // loop's run() returns once the last connection is gone.
  void begin_shutdown();
  // Requests abandoned so far: answered 503 at the drain deadline, or still
  // running at the hard stop (call abandon_remaining() first).
  std::uint64_t abandoned() const { return abandoned_; }
  // The hard stop (the loop is stopping): every request still running whose
  // client is there is answered 503 shutting_down with Connection: close,
  // as far as the socket takes it without waiting, and counted as abandoned.
  void abandon_remaining();
  // Runs once the listening socket is closed (procs and run_loop close their
  // other copies of it there).
  void on_listener_closed(std::function<void()> f) { on_listener_closed_ = std::move(f); }
  bool stopping() const { return stopping_; }
  void set_accept_gate(AcceptGate* gate) { gate_ = gate; }
  // Runs on the loop once stopping and the last connection has closed.
  void on_stopped(std::function<void()> f) { on_stopped_ = std::move(f); }

 private:
  struct Session;
  asio::awaitable<void> accept_loop();
  bool may_accept(std::optional<Clock::time_point>& pending_since);
  void accept_ready(std::optional<Clock::time_point>& pending_since);
  void start_session(asio::ip::tcp::socket sock);
  asio::awaitable<void> sweep_loop();
  asio::awaitable<void> serve(asio::ip::tcp::socket sock,
                              std::shared_ptr<asio::cancellation_signal> cancel);
  asio::awaitable<void> refuse(asio::ip::tcp::socket sock);
  asio::awaitable<Reply> run_request(Session& s, Routed& routed, Arrival arrived);
  void watch_client(Session& s);
  void stop_listening();
  void sweep(Clock::time_point now);

  asio::io_context& ioc_;
  asio::ip::tcp::acceptor acceptor_;
  Dispatcher& dispatcher_;
  ServerFacts facts_;
  ServerOptions opt_;
  Metrics& metrics_;
  asio::steady_timer sweeper_;
  ParseLimits parse_limits_;
  std::list<Session*> sessions_;  // touched on the loop thread only
  int open_ = 0;                  // accepted connections, counted at accept
  bool stopping_ = false;
  Clock::time_point drain_deadline_ = Clock::time_point::max();
  bool drain_passed_ = false;
  std::uint64_t abandoned_ = 0;
  std::function<void()> on_stopped_;
  std::function<void()> on_listener_closed_;
  AcceptGate* gate_ = nullptr;
};

}  // namespace gilbench::http
