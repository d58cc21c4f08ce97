// json: build, serialise and parse back a JSON document; the typical CPU
// cost of a web API handler, GIL held throughout in Python.
#pragma once

#include "workloads/workload.h"

// Not `json`: that name is the usual alias of boost::json in this code.
namespace gilbench::workloads::json_doc {

const Workload& workload();

}  // namespace gilbench::workloads::json_doc
