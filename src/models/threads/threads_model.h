// threads: one I/O thread parses requests and submits them to a bounded
// queue drained by --workers threads (Python analogue: gunicorn gthread).
// When the queue is full, --on-full block stops reading the connection until
// there is room (backpressure); --on-full reject answers 503 + Retry-After.
#pragma once

#include "models/model.h"

namespace gilbench::models {

std::unique_ptr<Model> make_threads_model();

}  // namespace gilbench::models
