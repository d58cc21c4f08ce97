// async: one thread runs the event loop (Asio + C++20 coroutines); handlers
// run inline on it, so CPU work blocks every other connection exactly as in
// asyncio. An io wait is a timer, never a blocking sleep. SQLite goes through
// a DbOffload thread (--db-offload thread, as aiosqlite) or runs inline.
// Analogue: aiohttp + aiosqlite.
#pragma once

#include "models/model.h"

namespace gilbench::models {

std::unique_ptr<Model> make_async_model();

// The loop-side executor shared with procs: `blocking_wait` selects whether
// an io wait blocks the loop (procs: one request at a time, like a gunicorn
// sync worker) or is a timer (async).
struct LoopExecution {
  bool blocking_wait = false;
  bool offload_db = false;
};

}  // namespace gilbench::models
