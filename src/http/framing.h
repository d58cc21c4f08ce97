// The request path between the bytes and the router, shared by the server
// and the fuzz target (fuzz/request_path_fuzz.cpp): parse limits, the answer
// owed for a failed parse, one leading CRLF, HEAD and unknown methods.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/system/error_code.hpp>
#include <optional>

#include "http/reply.h"
#include "http/request_parser.h"
#include "http/router.h"

namespace gilbench::http {

// The most a connection buffers while one element is incomplete (a header
// block, a chunk-size line, the trailers): Beast 1.81 buffers a chunk
// extension or a trailer whole before parsing it, with no limit of its own,
// so this bound is what keeps a 1 GB extension from costing 1 GB.
std::size_t read_buffer_limit(const ParseLimits& limits);

// The answer owed for a failed read, if any; the rest (EOF, reset, timeout,
// cancellation) end the connection silently. The connection is closed after
// any of these answers.
std::optional<Reply> reply_for_read_error(const boost::system::error_code& ec,
                                          const RequestParser& parser);

// One empty line before a request line is ignored (RFC 9112 §2.2). True if
// the parse failed only because of it and `buf` has now dropped it: parse
// again with a new parser. `skipped` makes it one CRLF per request.
bool drop_leading_crlf(const boost::system::error_code& ec, boost::beast::flat_buffer& buf,
                       bool& skipped);

// Routes a parsed request: 501 for a method Beast does not know, HEAD as
// GET (the caller omits the body), the rest to route().
Routed route_parsed(const RequestParser& parser, const RequestBuffers& req,
                    const api::Limits& limits, const ServerFacts& facts, const Metrics& metrics);

}  // namespace gilbench::http
