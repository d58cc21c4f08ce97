// io: a wait (exp or fixed) and then one read of the SQLite store.
#pragma once

#include "workloads/workload.h"

namespace gilbench::workloads::io {

const Workload& workload();

}  // namespace gilbench::workloads::io
