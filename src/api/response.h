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

// {"mode": mode, <fields>, "model": ..., timing}: `fields` are the
// workload's own members, JSON without braces (workloads::Outcome::fields).
std::string success_json(std::string_view mode, std::string_view fields, const Stamp& s);

}  // namespace gilbench::api
