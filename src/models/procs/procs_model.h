// procs: bind, then fork --workers single-threaded processes, each with its
// own engine (SQLite connection; for python, its own interpreter created
// after fork). A worker runs one request at a time with sync semantics (an io
// wait blocks it, like time.sleep in a gunicorn sync worker) but reads its
// sockets through an event loop, so slow or idle clients cannot starve it.
// The supervisor (the parent) restarts a worker that dies and forwards
// SIGTERM/SIGINT. Analogue: gunicorn sync workers.
#pragma once

#include "models/model.h"

namespace gilbench::models {

std::unique_ptr<Model> make_procs_model();

}  // namespace gilbench::models
