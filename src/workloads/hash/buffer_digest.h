// The hash workload's work, in C++ (docs/api.md, "hash"): buf[i] = i mod 256
// for i in 0..size-1, h0 = empty, h(k+1) = SHA-256(h(k) || buf) as raw 32
// bytes, `iters` times; the result is hex(h). gilbench_workloads.hash_buffer
// is the same function in Python.
#pragma once

#include <cstdint>
#include <string>

namespace gilbench::workloads::hash {

// Throws std::invalid_argument for size or iters below 1.
std::string buffer_digest(std::int64_t size, std::int64_t iters);

}  // namespace gilbench::workloads::hash
