#include "http/server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <fmt/format.h>

#include "http/request_parser.h"
#include "http/response_writer.h"

#include <iostream>
#include <optional>
#include <poll.h>

namespace gilbench::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using boost::system::error_code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct HttpServer::Session {
  tcp::socket sock;
  beast::flat_buffer buf;
  RequestBuffers req;  // reused by every request of the connection
  std::string out;
  bool reading = false;
  Clock::time_point deadline{};
  int answered = 0;

  std::size_t available() {
    error_code ec;
    return sock.available(ec);
  }
  // Aborts a read still waiting for the client. A read that has already
  // completed (its resumption queued behind work on a busy loop) is not
  // affected, so a request that arrived in time is still answered.
  void cancel_read() {
    error_code ec;
    sock.cancel(ec);
  }
  void close() {
    error_code ec;
    sock.shutdown(tcp::socket::shutdown_both, ec);
    sock.close(ec);
  }
};

namespace {

void log_exception(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    std::cerr << "gilbench: connection task failed: " << x.what() << "\n";
  }
}

// Read errors that deserve an answer before closing; the rest (EOF, reset,
// timeout, shutdown) end the connection silently.
std::optional<Reply> reply_for_read_error(const error_code& ec) {
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
    return Reply::error({431, api::code::headers_too_large, "request headers exceed the limit"});
  if (ec == bhttp::error::body_limit)
    return Reply::error({413, api::code::body_too_large, "request body exceeds --max-body"});
  if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
    return Reply::error({400, api::code::bad_http, fmt::format("malformed HTTP: {}", ec.message())});
  return std::nullopt;
}

asio::awaitable<error_code> write_reply(tcp::socket& sock, std::string& out, const Reply& r,
                                        unsigned version, bool keep) {
  write_response(out, r, version, keep);
  auto [ec, n] = co_await asio::async_write(sock, asio::buffer(out), use_tuple);
  co_return ec;
}

}  // namespace

HttpServer::HttpServer(asio::io_context& ioc, tcp::acceptor acceptor, Dispatcher& dispatcher,
                       ServerFacts facts, ServerOptions options, Metrics& metrics)
    : ioc_(ioc),
      acceptor_(std::move(acceptor)),
      dispatcher_(dispatcher),
      facts_(std::move(facts)),
      opt_(std::move(options)),
      metrics_(metrics),
      sweeper_(ioc) {}

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
  asio::co_spawn(ioc_, accept_loop(), log_exception);
  asio::co_spawn(ioc_, sweep_loop(), log_exception);
}

asio::awaitable<void> HttpServer::accept_loop() {
  asio::steady_timer gate_wait(ioc_);
  std::optional<Clock::time_point> pending_since;  // oldest unaccepted connection seen
  while (!stopping_) {
    if (gate_ && !gate_->may_accept()) {
      // Another worker has fewer connections: leave the backlog to it,
      // unless a connection has been left there too long.
      pollfd p{acceptor_.native_handle(), POLLIN, 0};
      const bool pending = ::poll(&p, 1, 0) > 0;
      if (!pending) pending_since.reset();
      else if (!pending_since) pending_since = Clock::now();
      if (!pending_since || Clock::now() - *pending_since < AcceptGate::kMaxWait) {
        gate_wait.expires_after(std::chrono::microseconds(500));
        co_await gate_wait.async_wait(use_tuple);
        continue;
      }
    }
    pending_since.reset();
    auto [ec, sock] = co_await acceptor_.async_accept(use_tuple);
    if (ec == asio::error::operation_aborted) break;
    if (ec && stopping_) break;
    if (ec) {
      // Out of descriptors or a transient network error: back off briefly
      // rather than spin; the connections stay queued in the backlog.
      asio::steady_timer t(ioc_, std::chrono::milliseconds(10));
      co_await t.async_wait(use_tuple);
      continue;
    }
    error_code ignored;
    sock.set_option(tcp::no_delay(true), ignored);
    if (static_cast<int>(sessions_.size()) >= opt_.max_connections)
      asio::co_spawn(ioc_, refuse(std::move(sock)), log_exception);
    else
      asio::co_spawn(ioc_, serve(std::move(sock)), log_exception);
    // An accept the reactor completed just before the shutdown signal still
    // carries a request its client considers sent: it was served above.
  }
}

asio::awaitable<void> HttpServer::refuse(tcp::socket sock) {
  Reply r = Reply::error({503, api::code::overloaded, "too many open connections"});
  r.retry_after_s = 1;
  metrics_.add_rejected();
  std::string out;
  co_await write_reply(sock, out, r, 11, false);
  error_code ec;
  sock.shutdown(tcp::socket::shutdown_both, ec);
}

asio::awaitable<void> HttpServer::serve(tcp::socket sock) {
  Session s{std::move(sock), {}, {}, {}};
  StampedReader rx(s.sock);  // reads that remember when the bytes arrived
  sessions_.push_front(&s);
  auto self = sessions_.begin();
  metrics_.add_connection(1);
  if (gate_) gate_->opened();
  for (;;) {
    // During shutdown a kept-alive connection with nothing pending is done.
    if (stopping_ && s.answered > 0 && s.buf.size() == 0 && s.available() == 0) break;
    RequestParser parser(s.req);
    parser.header_limit(static_cast<std::uint32_t>(opt_.max_header));
    parser.body_limit(opt_.max_body);
    parser.eager(true);  // header and body in one call when both have arrived
    s.reading = true;
    s.deadline = Clock::now() + (stopping_ ? opt_.shutdown_grace : opt_.read_timeout);
    rx.begin_request(s.buf.size() > 0);
    error_code ec;
    bool continued = false;
    while (!ec && !parser.is_done()) {
      if (parser.is_header_done() && parser.expects_continue() && !continued) {
        // curl and others wait for this before sending a larger body.
        static constexpr std::string_view k100 = "HTTP/1.1 100 Continue\r\n\r\n";
        continued = true;
        std::tie(ec, std::ignore) = co_await asio::async_write(s.sock, asio::buffer(k100), use_tuple);
        if (ec) break;
      }
      std::tie(ec, std::ignore) = co_await bhttp::async_read_some(rx, s.buf, parser, use_tuple);
    }
    s.reading = false;
    if (ec) {
      if (auto r = reply_for_read_error(ec)) {
        metrics_.record(Metrics::kOtherRoute, r->status, 0.0);
        co_await write_reply(s.sock, s.out, *r, 11, false);
        // Lingering close: let the client's unread body arrive before closing,
        // so the kernel does not reset the connection over our answer.
        error_code ig;
        s.sock.shutdown(tcp::socket::shutdown_send, ig);
        s.reading = true;
        s.deadline = Clock::now() + std::chrono::milliseconds(500);
        std::array<char, 4096> sink;
        for (int i = 0; i < 256; ++i) {
          auto [rec, rn] = co_await s.sock.async_read_some(asio::buffer(sink), use_tuple);
          if (rec) break;
        }
      }
      break;
    }
    const auto parsed_at = Clock::now();
    Routed routed = route(s.req.method, s.req.target, s.req.body, opt_.limits, facts_, metrics_);
    Reply reply;
    if (routed.reply) {
      reply = std::move(*routed.reply);
    } else {
      metrics_.add_in_flight(1);
      try {
        reply = co_await dispatcher_.dispatch(std::move(*routed.request), rx.arrival());
      } catch (const std::exception& x) {
        reply = Reply::error({500, api::code::internal, x.what()});
      }
      metrics_.add_in_flight(-1);
      if (reply.status == 503) metrics_.add_rejected();
    }
    metrics_.record(routed.metrics_route, reply.status,
                    std::chrono::duration<double>(Clock::now() - parsed_at).count());
    const bool keep = parser.keep_alive() && !stopping_;
    ec = co_await write_reply(s.sock, s.out, reply, parser.version(), keep);
    ++s.answered;
    if (ec || !keep) break;
  }
  s.close();
  sessions_.erase(self);
  metrics_.add_connection(-1);
  if (gate_) gate_->closed();
}

asio::awaitable<void> HttpServer::sweep_loop() {
  while (!(stopping_ && sessions_.empty())) {
    sweeper_.expires_after(stopping_ ? std::chrono::milliseconds(50)
                                     : std::chrono::milliseconds(250));
    co_await sweeper_.async_wait(use_tuple);
    sweep(Clock::now());
  }
  if (on_stopped_) on_stopped_();
}

void HttpServer::sweep(Clock::time_point now) {
  for (Session* s : sessions_)
    if (s->reading && now >= s->deadline) s->cancel_read();
}

void HttpServer::drain_backlog() {
  // Connections the kernel completed before the signal carry requests their
  // clients consider sent: accept them and answer what arrives within the
  // grace period instead of resetting them by closing the listener.
  error_code ec;
  acceptor_.non_blocking(true, ec);
  for (int i = 0; i < opt_.max_connections && !ec; ++i) {
    tcp::socket sock(ioc_);
    acceptor_.accept(sock, ec);
    if (ec) break;
    asio::co_spawn(ioc_, serve(std::move(sock)), log_exception);
  }
}

void HttpServer::begin_shutdown() {
  if (stopping_) return;
  stopping_ = true;
  drain_backlog();
  error_code ec;
  acceptor_.close(ec);
  const auto now = Clock::now();
  for (Session* s : sessions_) {
    if (!s->reading) continue;  // busy: closes after its answer
    if (s->answered > 0 && s->buf.size() == 0 && s->available() == 0)
      s->cancel_read();
    else
      s->deadline = std::min(s->deadline, now + opt_.shutdown_grace);
  }
  sweeper_.cancel();
}

}  // namespace gilbench::http
