// HttpServer: accepting, the deadline sweeper and shutdown. The connection
// itself (reading, dispatching, writing) is in session.cpp.
#include "http/server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <poll.h>
#include <sys/socket.h>

#include <iostream>

#include "http/framing.h"
#include "http/listener.h"
#include "http/response_writer.h"
#include "http/session.h"

namespace gilbench::http {

using asio::ip::tcp;
using boost::system::error_code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

HttpServer::HttpServer(asio::io_context& ioc, tcp::acceptor acceptor, Dispatcher& dispatcher,
                       ServerFacts facts, ServerOptions options, Metrics& metrics)
    : ioc_(ioc),
      acceptor_(std::move(acceptor)),
      dispatcher_(dispatcher),
      facts_(std::move(facts)),
      opt_(std::move(options)),
      metrics_(metrics),
      sweeper_(ioc),
      parse_limits_{opt_.max_header, opt_.max_body} {}

HttpServer::~HttpServer() = default;

void HttpServer::start() {
  // Set on the listener, so accepted connections inherit it at no cost per
  // connection, and a request that arrives before accept() is stamped too.
  if (auto ec = enable_rx_timestamps(acceptor_.native_handle()))
    std::cerr << "gilbench: no kernel receive timestamps (" << ec.message()
              << "): answers carry no queue_us\n";
  else if (!await_rx_stamping(std::chrono::seconds(2)))
    std::cerr << "gilbench: kernel receive timestamps not in effect after 2 s: "
                 "answers may carry no queue_us\n";
  asio::co_spawn(ioc_, accept_loop(), log_task_failure);
  asio::co_spawn(ioc_, sweep_loop(), log_task_failure);
}

void log_task_failure(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    std::cerr << "gilbench: connection task failed: " << x.what() << "\n";
  }
}

// The gate's rule: accept while no sibling worker holds fewer connections,
// or once a connection has waited AcceptGate::kMaxWait in the backlog.
bool HttpServer::may_accept(std::optional<Clock::time_point>& pending_since) {
  if (!gate_ || gate_->may_accept()) return true;
  pollfd p{acceptor_.native_handle(), POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) {
    pending_since.reset();
    return false;
  }
  if (!pending_since) pending_since = Clock::now();
  return Clock::now() - *pending_since >= AcceptGate::kMaxWait;
}

// Takes every connection ready now that the gate's rule allows, without
// waiting for another loop turn: in procs a turn can be one whole request
// long, and one accept per turn left a burst of clients unserved for
// seconds (issue 14, item 4).
void HttpServer::accept_ready(std::optional<Clock::time_point>& pending_since) {
  error_code ec;
  acceptor_.non_blocking(true, ec);
  for (int i = 0; i < opt_.max_connections && !stopping_; ++i) {
    if (!may_accept(pending_since)) break;
    tcp::socket sock(ioc_);
    acceptor_.accept(sock, ec);
    if (ec) break;
    start_session(std::move(sock));
  }
}

asio::awaitable<void> HttpServer::accept_loop() {
  asio::steady_timer gate_wait(ioc_);
  std::optional<Clock::time_point> pending_since;  // oldest unaccepted connection seen
  while (!stopping_) {
    if (!may_accept(pending_since)) {
      // Another worker has fewer connections: leave the backlog to it.
      gate_wait.expires_after(std::chrono::microseconds(500));
      co_await gate_wait.async_wait(use_tuple);
      continue;
    }
    // pending_since is kept: what is still queued after this accept has
    // waited at least as long, so the gate's override still applies to it.
    auto [ec, sock] = co_await acceptor_.async_accept(use_tuple);
    if (ec == asio::error::operation_aborted || stopping_) {
      // An accept completed just before the shutdown signal still carries a
      // request its client considers sent: serve it.
      if (!ec) start_session(std::move(sock));
      break;
    }
    if (ec) {
      // Out of descriptors or a transient network error: back off briefly
      // rather than spin; the connections stay queued in the backlog.
      asio::steady_timer t(ioc_, std::chrono::milliseconds(10));
      co_await t.async_wait(use_tuple);
      continue;
    }
    start_session(std::move(sock));
    accept_ready(pending_since);
  }
}

void HttpServer::start_session(tcp::socket sock) {
  error_code ignored;
  sock.set_option(tcp::no_delay(true), ignored);
  sock.set_option(asio::socket_base::send_buffer_size(ServerOptions::kMaxQueuedAnswerBytes), ignored);
  if (open_ >= opt_.max_connections) {
    asio::co_spawn(ioc_, refuse(std::move(sock)), log_task_failure);
    return;
  }
  // Counted here, not when serve() first runs, so a burst of accepts in one
  // turn sees its own connections (the gate and the cap).
  ++open_;
  metrics_.add_connection(1);
  if (gate_) gate_->opened();
  auto cancel = std::make_shared<asio::cancellation_signal>();
  asio::co_spawn(ioc_, serve(std::move(sock), cancel),
                 asio::bind_cancellation_slot(cancel->slot(), [this, cancel](std::exception_ptr e) {
                   --open_;
                   metrics_.add_connection(-1);
                   if (gate_) gate_->closed();
                   log_task_failure(e);
                 }));
}

asio::awaitable<void> HttpServer::sweep_loop() {
  while (!(stopping_ && sessions_.empty() && open_ == 0)) {
    sweeper_.expires_after(stopping_ ? std::chrono::milliseconds(50)
                                     : std::chrono::milliseconds(250));
    co_await sweeper_.async_wait(use_tuple);
    sweep(Clock::now());
  }
  if (on_stopped_) on_stopped_();
}

void HttpServer::sweep(Clock::time_point now) {
  for (Session* s : sessions_) {
    const bool io = s->state == Session::State::reading || s->state == Session::State::writing;
    if (io && now >= s->deadline) {
      if (s->state == Session::State::writing) s->write_timed_out = true;
      s->cancel_io();
    }
  }
  if (stopping_ && !drain_passed_ && now >= drain_deadline_) {
    drain_passed_ = true;
    for (Session* s : sessions_) {
      if (s->state == Session::State::dispatching) {
        s->abandoned = true;
        s->cancel->emit(asio::cancellation_type::terminal);
      } else if (s->state == Session::State::reading) {
        s->cancel_io();
      }
    }
  }
}

void HttpServer::stop_listening() {
  // Freeze first, so the backlog drained below is all there will be; then
  // accept it: those clients completed their handshake and are sending.
  freeze_listener(acceptor_.native_handle());
  error_code ec;
  acceptor_.non_blocking(true, ec);
  for (;;) {
    tcp::socket sock(ioc_);
    acceptor_.accept(sock, ec);
    if (ec) break;
    start_session(std::move(sock));
  }
  acceptor_.close(ec);
  if (on_listener_closed_) on_listener_closed_();
}

void HttpServer::begin_shutdown() {
  if (stopping_) return;
  stopping_ = true;
  const auto now = Clock::now();
  drain_deadline_ = now + opt_.drain_timeout;
  stop_listening();
  for (Session* s : sessions_) {
    if (s->state == Session::State::writing) {
      s->deadline = std::min(s->deadline, drain_deadline_);
    } else if (s->state == Session::State::reading) {
      // Idle keep-alive connections too: a request their client sent as
      // the signal arrived is on its way, and closing now would drop it
      // (issue 20, item 5). One received in the grace is served.
      s->deadline = std::min(s->deadline, now + opt_.shutdown_grace);
    }
  }
  sweeper_.cancel();
}

// The loop is about to stop, so the 503 cannot wait for a write to complete:
// it is handed to the kernel at once. The send buffer is empty while a
// request runs (its answer is not written yet), so the whole answer fits.
void HttpServer::Session::answer_now(const Reply& r) {
  std::string bytes;
  write_response(bytes, r, 11, false);
  const int fd = sock.native_handle();
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  // Read what the client sent after its request (pipelined), so closing
  // does not reset the connection over the answer.
  char sink[4096];
  while (::recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0) {
  }
  ::shutdown(fd, SHUT_WR);
}

// Every request still running is counted, the ones the drain deadline
// already gave up included: those are counted when their answer is written,
// which will not happen now (issue 20, item 1).
void HttpServer::abandon_remaining() {
  const Reply cut = Reply::error({503, api::code::shutting_down,
                                  "the server stopped at its hard stop (--drain-timeout + 5 s)"});
  for (Session* s : sessions_)
    if (s->state == Session::State::dispatching && !s->client_gone) {
      s->abandoned = true;
      s->answer_now(cut);
      ++abandoned_;
    }
}

}  // namespace gilbench::http
