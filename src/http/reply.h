// What the HTTP layer writes back: status, body and the few headers the API
// needs. Independent of Beast so handlers and models stay testable.
#pragma once

#include <string>

#include "api/error.h"

namespace gilbench::http {

struct Reply {
  int status = 200;
  std::string body;
  // Static strings: no allocation per reply on the hot path.
  const char* content_type = "application/json";
  const char* allow = nullptr;  // 405: the methods the path accepts
  int retry_after_s = 0;  // 503: seconds before retrying

  static Reply json(int status, std::string body) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Reply error(const api::ApiError& e) { return json(e.status, api::error_json(e)); }
};

}  // namespace gilbench::http
