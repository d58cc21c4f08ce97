// Serialises a Reply into an HTTP/1.x response in a buffer the connection
// reuses. Written by hand because Beast's serializer cost a quarter of the
// noop path's instructions; the response shape here is fixed and small.
#pragma once

#include <string>

#include "http/reply.h"

namespace gilbench::http {

void write_response(std::string& out, const Reply& r, unsigned version, bool keep_alive);

}  // namespace gilbench::http
