#include "load/generator_check.h"

#include <fmt/format.h>

namespace gilbench::load {

double LoadResult::failure_share() const {
  const std::uint64_t failed =
      errors.connect + errors.read + errors.write + errors.timeout + errors.status + censored;
  if (scheduled == 0) return errors.connect > 0 ? 1.0 : 0.0;
  return static_cast<double>(failed) / static_cast<double>(scheduled);
}

void judge_generator(LoadResult& r, const GeneratorRule& rule) {
  std::string why;
  auto add = [&why](const std::string& s) { why += (why.empty() ? "" : "; ") + s; };
  if (r.gen.cpu_pct >= rule.cpu_pct_max)
    add(fmt::format("generator CPU {:.0f}% of its {} thread(s) (>= {:.0f}%)", r.gen.cpu_pct, r.config.threads,
                    rule.cpu_pct_max));
  const bool open = r.gen.intended_rps > 0;
  // A shortfall while requests waited for a free connection is the target's
  // (or -c's) doing and already shows in the corrected latency; only a
  // shortfall with connections to spare is the generator's own.
  if (open && r.starved == 0 && r.gen.achieved_rps < rule.achieved_min_share * r.gen.intended_rps)
    add(fmt::format("achieved {:.0f} of {:.0f} req/s with connections free (< {:.0f}%)", r.gen.achieved_rps,
                    r.gen.intended_rps, rule.achieved_min_share * 100));
  if (open && r.gen_lag.count() && r.latency.count()) {
    const std::int64_t lag = r.gen_lag.percentile(50);
    const std::int64_t lat = r.latency.percentile(50);
    if (lag >= rule.lag_floor_us && static_cast<double>(lag) >= rule.lag_share_max * static_cast<double>(lat))
      add(fmt::format("own send lag p50 {} us is {:.0f}% of latency p50 {} us (>= {:.0f}%)", lag,
                      lat > 0 ? 100.0 * static_cast<double>(lag) / static_cast<double>(lat) : 100.0, lat,
                      rule.lag_share_max * 100));
  }
  r.gen.bound = !why.empty();
  r.gen.reason = why;
}

}  // namespace gilbench::load
