// Server-wide bounds on what one /score request may ask for. Set by `serve`
// flags (--max-iters); workloads read the ones that apply to their fields.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gilbench::api {

struct Limits {
  std::int64_t max_iters = 10'000'000;
  double max_wait_ms = 60'000.0;
  std::size_t max_key_bytes = 256;
  std::size_t max_seed_bytes = 4096;
};

}  // namespace gilbench::api
