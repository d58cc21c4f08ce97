// The request handler: turns a validated request into an answer on one
// engine worker. It does not know which model runs it; models only decide
// where (which thread, process or coroutine) each step runs.
#pragma once

#include <chrono>
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

// Runs a whole request synchronously; an io wait blocks the calling thread.
api::Outcome run_blocking(const api::Request& req, engines::Worker& w, std::mt19937_64& rng);

// Builds the HTTP reply from an outcome and its timing.
http::Reply make_reply(api::Mode mode, const api::Outcome& o, const Identity& id,
                       Clock::time_point parsed, Clock::time_point started,
                       Clock::time_point done);

}  // namespace gilbench::models
