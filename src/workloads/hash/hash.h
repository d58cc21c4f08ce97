// hash: SHA-256 over a size-byte buffer, chained; CPU work that Python's
// hashlib does without the GIL for buffers of 2048 bytes or more.
#pragma once

#include "workloads/workload.h"

namespace gilbench::workloads::hash {

const Workload& workload();

}  // namespace gilbench::workloads::hash
