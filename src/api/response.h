// Success and error bodies of the API, serialised as JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/error.h"

namespace gilbench::api {

// What every success carries besides its mode's fields.
struct Stamp {
  std::string_view model;
  std::string_view engine;
  int pid = 0;
  std::int64_t queue_us = 0;    // request parsed -> work started
  std::int64_t service_us = 0;  // work started -> work done
  std::int64_t ipc_us = -1;     // offload: the hand-off to the pool; absent when < 0
};

// The outcome of running one request: either mode fields or an error.
struct Outcome {
  int status = 200;
  std::string digest;  // cpu
  std::int64_t iters = 0;
  std::string key;     // io
  std::string val;
  ApiError error;      // when status != 200
};

std::string success_json(std::string_view mode, const Outcome& o, const Stamp& s);

}  // namespace gilbench::api
