// The generator checks itself: was it, rather than the target, the limit of
// a run? The rule (justified in docs/load.md, "Generator self-check"):
//   bound if  cpu_pct >= 90                        (its threads were saturated)
//         or  open loop, achieved < 97% of intended with no request ever
//             waiting for a free connection          (it could not keep the rate)
//         or  open loop, gen_lag p50 >= 25% of the 2xx latency p50 and >= 20 µs
//             (its own lateness is a large share of the reported median)
#pragma once

#include <cstdint>

#include "load/load.h"

namespace gilbench::load {

struct GeneratorRule {
  double cpu_pct_max = 90;
  double achieved_min_share = 0.97;
  double lag_share_max = 0.25;
  std::int64_t lag_floor_us = 20;  // below this, a lag share is timer noise, not a bottleneck
};

// Sets r.gen.bound and r.gen.reason from r.gen (cpu_pct, intended_rps,
// achieved_rps), r.starved, r.gen_lag and r.latency.
void judge_generator(LoadResult& r, const GeneratorRule& rule = {});

}  // namespace gilbench::load
