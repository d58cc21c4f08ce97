// One connection of HttpServer: reads requests with Beast under the limits
// of http/framing.h, routes them, hands /score to the model's Dispatcher and
// writes the answers, in order, with read and write deadlines.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <sys/socket.h>

#include <array>
#include <cerrno>

#include "api/error.h"
#include "http/framing.h"
#include "http/response_writer.h"
#include "http/session.h"

namespace gilbench::http {

namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using boost::system::error_code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

asio::awaitable<error_code> write_reply(tcp::socket& sock, std::string& out, const Reply& r,
                                        unsigned version, bool keep, bool head = false) {
  write_response(out, r, version, keep, head);
  auto [ec, n] = co_await asio::async_write(sock, asio::buffer(out), use_tuple);
  co_return ec;
}

// After an error answer: let the client's unread bytes arrive before
// closing, so the kernel does not reset the connection over our answer.
asio::awaitable<void> lingering_close(tcp::socket& sock) {
  error_code ig;
  sock.shutdown(tcp::socket::shutdown_send, ig);
  std::array<char, 4096> sink;
  for (int i = 0; i < 256; ++i) {
    auto [rec, rn] = co_await sock.async_read_some(asio::buffer(sink), use_tuple);
    if (rec) break;
  }
}

// Whether a request sat in the socket before it was parsed (the loop was
// busy), so its client may have left: worth one peek. Unknown arrival: yes.
bool waited(const Arrival& arrived, Clock::time_point parsed) {
  return !arrived || parsed - *arrived > std::chrono::milliseconds(1);
}

// The client has closed its side (EOF after the request) or reset it.
bool peer_closed(tcp::socket& sock) {
  char c;
  ssize_t n = ::recv(sock.native_handle(), &c, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

}  // namespace

asio::awaitable<void> HttpServer::refuse(tcp::socket sock) {
  Reply r = Reply::error({503, api::code::overloaded, "too many open connections"});
  r.retry_after_s = 1;
  metrics_.add_rejected();
  std::string out;
  co_await write_reply(sock, out, r, 11, false);
  error_code ec;
  sock.shutdown(tcp::socket::shutdown_both, ec);
}

// Arms a one-shot watch for the client closing while its request runs: a
// model can then skip the request if it is still queued. A readable socket
// with data (a pipelined request) ends the watch for this request.
void HttpServer::watch_client(Session& s) {
  auto active = s.watching = std::make_shared<bool>(true);
  s.sock.async_wait(tcp::socket::wait_read, [active, &s](const error_code& ec) {
    if (ec || !*active) return;  // `s` is alive while *active
    if (peer_closed(s.sock)) {
      s.client_gone = true;
      s.cancel->emit(asio::cancellation_type::terminal);
    }
  });
}

asio::awaitable<Reply> HttpServer::run_request(Session& s, Routed& routed, Arrival arrived) {
  metrics_.add_in_flight(1);
  s.state = Session::State::dispatching;
  watch_client(s);
  Reply reply;
  try {
    reply = co_await dispatcher_.dispatch(std::move(*routed.request), arrived);
  } catch (const std::exception& x) {
    reply = Reply::error(api::internal_error(x.what()));
  }
  *s.watching = false;
  s.state = Session::State::idle;
  metrics_.add_in_flight(-1);
  if (s.client_gone) co_return reply;  // nobody to answer; not an abandonment
  // A request the model gave up at the drain deadline (procs: its wait
  // noticed it) counts as abandoned like one the server cut off.
  if (!s.abandoned && reply.status == 503 &&
      reply.body.find(std::string("\"") + api::code::shutting_down + "\"") != std::string::npos)
    s.abandoned = true;
  if (s.abandoned) {
    reply = Reply::error({503, api::code::shutting_down,
                          "the server stopped at its drain deadline (--drain-timeout)"});
    ++abandoned_;
  } else if (reply.status == 503) {
    metrics_.add_rejected();
  }
  co_return reply;
}

asio::awaitable<void> HttpServer::serve(tcp::socket sock,
                                        std::shared_ptr<asio::cancellation_signal> cancel) {
  // Cancellation only ever targets the request being dispatched; what
  // follows it (the 503, the close) must still run.
  co_await asio::this_coro::throw_if_cancelled(false);
  Session s(std::move(sock), read_buffer_limit(parse_limits_), std::move(cancel));
  StampedReader rx(s.sock);  // reads that remember when the bytes arrived
  sessions_.push_front(&s);
  auto self = sessions_.begin();
  for (;;) {
    // During shutdown a kept-alive connection is still read for
    // shutdown_grace: a request already sent on it is served (and answered
    // with Connection: close); one that is idle that long is closed.
    std::optional<RequestParser> parser(std::in_place, s.req, parse_limits_);
    s.state = Session::State::reading;
    s.deadline = Clock::now() + (stopping_ ? opt_.shutdown_grace : opt_.read_timeout);
    rx.begin_request(s.buf.size() > 0);
    error_code ec;
    bool continued = false, skipped_crlf = false;
    while (!ec && !parser->is_done()) {
      if (parser->is_header_done() && parser->expects_continue() && !continued) {
        // curl and others wait for this before sending a larger body.
        static constexpr std::string_view k100 = "HTTP/1.1 100 Continue\r\n\r\n";
        continued = true;
        std::tie(ec, std::ignore) = co_await asio::async_write(s.sock, asio::buffer(k100), use_tuple);
        if (ec) break;
      }
      std::tie(ec, std::ignore) = co_await bhttp::async_read_some(rx, s.buf, *parser, use_tuple);
      if (ec && drop_leading_crlf(ec, s.buf, skipped_crlf)) {
        parser.emplace(s.req, parse_limits_);
        rx.begin_request(s.buf.size() > 0);  // the request starts after the CRLF
        ec = {};
      }
    }
    s.state = Session::State::idle;
    if (ec) {
      if (auto r = reply_for_read_error(ec, *parser)) {
        metrics_.record(Metrics::kOtherRoute, r->status, 0.0);
        s.state = Session::State::writing;
        s.deadline = Clock::now() + opt_.write_timeout;
        co_await write_reply(s.sock, s.out, *r, 11, false);
        s.state = Session::State::reading;
        s.deadline = Clock::now() + std::chrono::milliseconds(500);
        co_await lingering_close(s.sock);
      }
      break;
    }
    const auto parsed_at = Clock::now();
    Routed routed = route_parsed(*parser, s.req, opt_.limits, facts_, metrics_);
    Reply reply;
    if (routed.reply) {
      reply = std::move(*routed.reply);
    } else if (waited(rx.arrival(), parsed_at) && peer_closed(s.sock)) {
      // It waited in the socket (async, procs: the loop was busy) and its
      // client has gone meanwhile: not run.
      metrics_.add_client_gone();
      metrics_.add_skipped();
      break;
    } else {
      reply = co_await run_request(s, routed, rx.arrival());
    }
    if (s.client_gone) {
      metrics_.add_client_gone();  // nobody to answer
      break;
    }
    metrics_.record(routed.metrics_route, reply.status,
                    std::chrono::duration<double>(Clock::now() - parsed_at).count());
    const bool keep = parser->keep_alive() && !stopping_ && !s.abandoned;
    s.state = Session::State::writing;
    s.deadline = std::min(Clock::now() + opt_.write_timeout,
                          stopping_ ? drain_deadline_ : Clock::time_point::max());
    ec = co_await write_reply(s.sock, s.out, reply, parser->version(), keep, parser->head());
    s.state = Session::State::idle;
    if (s.write_timed_out) metrics_.add_write_timeout();
    ++s.answered;
    if (ec || !keep) break;
  }
  if (stopping_ && s.answered > 0 && !s.client_gone) {
    // The client may have sent its next request before it read our
    // Connection: close: read it away first, so the close does not reset
    // the connection over the answer still in flight to it.
    s.state = Session::State::reading;
    s.deadline = Clock::now() + opt_.shutdown_grace;
    co_await lingering_close(s.sock);
  }
  s.close();
  sessions_.erase(self);
}

}  // namespace gilbench::http
