// cpu: a SHA-256 chain; pure CPU work that holds the GIL in Python.
#pragma once

#include "workloads/workload.h"

namespace gilbench::workloads::cpu {

const Workload& workload();

}  // namespace gilbench::workloads::cpu
