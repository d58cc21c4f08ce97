// noop: nothing; the floor of the HTTP path and the model.
#pragma once

#include "workloads/workload.h"

namespace gilbench::workloads::noop {

const Workload& workload();

}  // namespace gilbench::workloads::noop
