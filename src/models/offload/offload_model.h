// offload: one event-loop thread parses every request and answers io and
// noop on the loop exactly as the async model does (timer waits, SQLite on
// the DB offload thread); cpu work is handed over pipes to a pool of
// --workers processes and answered when the result comes back, with the
// hand-off time as `ipc_us`. A bounded queue (--queue, --on-full) sits in
// front of the pool. Pool processes are forked by a fork server (see
// fork_server.h), each with its own engine created after fork; a dead one is
// replaced and its in-flight request answers 500 worker_died.
// Analogue: asyncio + ProcessPoolExecutor, Flask + multiprocessing.Pool.
#pragma once

#include "models/model.h"

namespace gilbench::models {

std::unique_ptr<Model> make_offload_model();

}  // namespace gilbench::models
