// Success and error bodies of the API, serialised as JSON.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/error.h"

namespace gilbench::api {

// What every success carries besides its mode's fields; the timing fields
// are defined in docs/api.md ("Timing fields"). An absent optional is left
// out of the answer: it could not be measured, or does not apply.
struct Stamp {
  std::string_view model;
  std::string_view engine;
  int pid = 0;
  std::optional<std::int64_t> queue_us;  // first byte at the socket -> work started
  std::int64_t service_us = 0;           // work started -> done, less gil_wait_us
  std::int64_t ipc_us = -1;     // offload: the hand-off to the pool; absent when < 0
  std::optional<std::int64_t> gil_wait_us;  // python engine: waits to take the GIL
};

// The outcome of running one request: either mode fields or an error.
struct Outcome {
  int status = 200;
  std::string digest;  // cpu
  std::int64_t iters = 0;
  std::string key;     // io
  std::string val;
  ApiError error;      // when status != 200
  // Time the engine waited to take the GIL while running it (engines::
  // Worker::take_gil_wait); nullopt for an engine without one, or no call.
  std::optional<std::chrono::nanoseconds> gil_wait;
};

std::string success_json(std::string_view mode, const Outcome& o, const Stamp& s);

}  // namespace gilbench::api
