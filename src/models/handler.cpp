#include "models/handler.h"

#include <fmt/format.h>

#include "models/drain.h"

namespace gilbench::models {

namespace {
std::int64_t micros(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}
}  // namespace

std::chrono::microseconds draw_wait(const api::IoRequest& r, std::mt19937_64& rng) {
  if (r.wait_ms <= 0.0) return std::chrono::microseconds(0);
  double ms = r.wait_ms;
  if (r.wait_dist == api::WaitDist::exp) {
    std::exponential_distribution<double> d(1.0 / r.wait_ms);
    // Capped at 20 means so one draw cannot hold a worker for minutes.
    ms = std::min(d(rng), 20.0 * r.wait_ms);
  }
  // And never longer than the largest wait_ms a request may ask for.
  ms = std::min(ms, api::Limits{}.max_wait_ms);
  return std::chrono::microseconds(static_cast<std::int64_t>(ms * 1000.0));
}

std::string choose_key(const api::IoRequest& r, std::int64_t key_count, std::mt19937_64& rng) {
  if (r.key) return *r.key;
  if (key_count <= 0) return "k0";
  std::uniform_int_distribution<std::int64_t> d(0, key_count - 1);
  return fmt::format("k{}", d(rng));
}

api::Outcome run_cpu(const api::CpuRequest& r, engines::Worker& w) {
  api::Outcome o;
  o.digest = w.cpu(r.seed, r.iters);
  o.iters = r.iters;
  o.gil_wait = w.take_gil_wait();
  return o;
}

api::Outcome run_lookup(const std::string& key, engines::Worker& w) {
  api::Outcome o;
  auto v = w.lookup(key);
  o.gil_wait = w.take_gil_wait();
  if (!v) {
    o.status = 404;
    o.error = api::ApiError{404, api::code::unknown_key, fmt::format("no key '{}' in the store", key)};
    return o;
  }
  o.key = key;
  o.val = std::move(*v);
  return o;
}

bool block_wait_or_abandon(engines::Worker& w, std::chrono::microseconds wait) {
  // Slices of at most a second: each is one time.sleep for the python
  // engine, so the extra GIL acquisitions stay rare, and the drain deadline
  // is noticed within a second.
  constexpr std::chrono::microseconds kSlice = std::chrono::seconds(1);
  while (wait.count() > 0) {
    if (past_drain_deadline()) {
      w.take_gil_wait();  // the abandoned request's, not the next one's
      return false;
    }
    auto step = std::min(wait, kSlice);
    w.block_wait(step);
    wait -= step;
  }
  return true;
}

api::Outcome shutting_down() {
  api::Outcome o;
  o.status = 503;
  o.error = {503, api::code::shutting_down, "the server stopped at its drain deadline"};
  return o;
}

api::Outcome run_blocking(const api::Request& req, engines::Worker& w, std::mt19937_64& rng) {
  if (auto* c = std::get_if<api::CpuRequest>(&req)) return run_cpu(*c, w);
  if (auto* io = std::get_if<api::IoRequest>(&req)) {
    if (!block_wait_or_abandon(w, draw_wait(*io, rng))) return shutting_down();
    return run_lookup(choose_key(*io, w.key_count(), rng), w);
  }
  return api::Outcome{};
}

http::Reply make_reply(api::Mode mode, const api::Outcome& o, const Identity& id, const Timing& t) {
  if (o.status != 200) return http::Reply::error(o.error);
  api::Stamp s{.model = id.model, .engine = id.engine, .pid = id.pid};
  // arrived <= started always: the stamp is taken before the read that
  // returns the bytes, and a stamp from a stepped clock is dropped.
  if (t.arrived) s.queue_us = micros(t.started - *t.arrived);
  const auto gil = std::chrono::duration_cast<Clock::duration>(o.gil_wait.value_or(Clock::duration{}));
  s.service_us = micros(t.done - t.started - gil);
  if (o.gil_wait) s.gil_wait_us = micros(gil);
  return http::Reply::json(200, api::success_json(api::to_string(mode), o, s));
}

}  // namespace gilbench::models
