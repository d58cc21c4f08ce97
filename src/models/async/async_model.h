// async: one thread runs the event loop (Asio + C++20 coroutines); handlers
// run inline on it, so CPU work blocks every other connection exactly as in
// asyncio. An io wait is a timer, never a blocking sleep. SQLite goes through
// a DbOffload thread (--db-offload thread, as aiosqlite) or runs inline.
// Analogue: aiohttp + aiosqlite.
#pragma once

#include "models/model.h"

namespace gilbench::models {

std::unique_ptr<Model> make_async_model();

}  // namespace gilbench::models
