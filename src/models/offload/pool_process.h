// One pool process of the offload model: its own engine (for python, its own
// interpreter, created here, after fork), a pair of pipes announced to the
// loop over the control socket, then one request at a time until the loop
// closes the request pipe.
#pragma once

#include <sys/types.h>

#include "models/model.h"

namespace gilbench::models::offload {

// Runs in the forked pool process; returns its exit status. `ctl_fd` is the
// fork server's end of the control socket, `ready_fd` the Supervisor's
// readiness pipe, `parent` the fork server's pid (the process dies with it).
int pool_process_main(const ServeConfig& cfg, int slot, int ctl_fd, int ready_fd, pid_t parent);

}  // namespace gilbench::models::offload
