// Serialises a Reply into an HTTP/1.x response in a buffer the connection
// reuses. Written by hand because Beast's serializer cost a quarter of the
// noop path's instructions; the response shape here is fixed and small.
#pragma once

#include <string>

#include "http/reply.h"

namespace gilbench::http {

// `head`: the answer to a HEAD request — the same headers (Content-Length
// included), no body (RFC 9110 §9.3.2).
void write_response(std::string& out, const Reply& r, unsigned version, bool keep_alive,
                    bool head = false);

}  // namespace gilbench::http
