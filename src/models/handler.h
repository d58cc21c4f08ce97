// The request handler: turns a validated request into an answer on one
// engine worker. It does not know which model runs it; models only decide
// where (which thread, process or coroutine) each step runs.
#pragma once

#include <chrono>
#include <optional>
#include <random>
#include <string>

#include "api/request.h"
#include "api/response.h"
#include "engines/engine.h"
#include "http/reply.h"

namespace gilbench::models {

using Clock = std::chrono::steady_clock;

// Identity stamped on every success.
struct Identity {
  std::string model;
  std::string engine;
  int pid = 0;
};

// The wait an io request asks for: wait_ms exactly (fixed) or drawn from an
// exponential distribution with that mean (exp, at most 20 means); never
// more than the largest wait_ms a request may ask for (api::Limits).
std::chrono::microseconds draw_wait(const api::IoRequest& r, std::mt19937_64& rng);

// The key an io request reads: its own, or a uniform random one of the store.
std::string choose_key(const api::IoRequest& r, std::int64_t key_count, std::mt19937_64& rng);

api::Outcome run_cpu(const api::CpuRequest& r, engines::Worker& w);
api::Outcome run_lookup(const std::string& key, engines::Worker& w);

// Blocks for `wait` in slices; false (the rest not waited) once the
// process's drain deadline has passed (models/drain.h).
bool block_wait_or_abandon(engines::Worker& w, std::chrono::microseconds wait);
// The outcome of a request abandoned at the drain deadline: 503 shutting_down.
api::Outcome shutting_down();

// run_cpu and run_lookup take the worker's GIL wait into the outcome
// (engines::Worker::take_gil_wait), including any wait of an earlier call on
// the same worker for the same request (a blocking io wait).
//
// Runs a whole request synchronously; an io wait blocks the calling thread.
api::Outcome run_blocking(const api::Request& req, engines::Worker& w, std::mt19937_64& rng);

// When one request's steps happened, on the steady clock (docs/api.md,
// "Timing fields").
struct Timing {
  std::optional<Clock::time_point> arrived;  // first byte reached the socket; nullopt: unknown
  Clock::time_point started;  // a worker (loop, thread, process) began it
  Clock::time_point done;     // its outcome was ready
};

// Builds the HTTP reply from an outcome and its timing: queue_us = started -
// arrived (left out when arrived is unknown), service_us = done - started -
// the outcome's GIL wait, gil_wait_us = that wait (left out when none).
http::Reply make_reply(api::Mode mode, const api::Outcome& o, const Identity& id, const Timing& t);

}  // namespace gilbench::models
