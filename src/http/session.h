// One client connection of HttpServer (private to src/http). Touched on the
// loop thread only.
#pragma once

#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <memory>
#include <string>

#include "http/request_parser.h"
#include "http/server.h"

namespace gilbench::http {

// Completion of the server's coroutines: reports an escaped exception.
void log_task_failure(std::exception_ptr e);

struct HttpServer::Session {
  enum class State { idle, reading, dispatching, writing };

  Session(asio::ip::tcp::socket s, std::size_t buffer_limit,
          std::shared_ptr<asio::cancellation_signal> c)
      : sock(std::move(s)), buf(buffer_limit), cancel(std::move(c)) {}

  asio::ip::tcp::socket sock;
  boost::beast::flat_buffer buf;  // bounded: http/framing.h, read_buffer_limit
  RequestBuffers req;             // reused by every request of the connection
  std::string out;
  State state = State::idle;
  Clock::time_point deadline{};   // of the read or write under way
  int answered = 0;
  bool write_timed_out = false;
  bool client_gone = false;  // closed by the client while its request ran
  bool abandoned = false;    // the drain deadline passed while its request ran
  // Emitted to cancel the request being dispatched (the serve coroutine's
  // cancellation slot, so a model's wait or queue entry sees it).
  std::shared_ptr<asio::cancellation_signal> cancel;
  std::shared_ptr<bool> watching;  // an EOF watch is armed for this request

  // Aborts a read or write still waiting for the client. One that has
  // already completed (its resumption queued behind work on a busy loop) is
  // not affected, so a request that arrived in time is still answered.
  void cancel_io() {
    boost::system::error_code ec;
    sock.cancel(ec);
  }
  void close() {
    boost::system::error_code ec;
    sock.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    sock.close(ec);
  }
  // Answers `r` without the loop (which is stopping) and ends the sending
  // side: the hard stop's 503.
  void answer_now(const Reply& r);
};

}  // namespace gilbench::http
