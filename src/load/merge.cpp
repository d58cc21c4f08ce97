#include "load/merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "load/generator_check.h"

namespace gilbench::load {

void merge_into(LoadResult& to, const LoadResult& from) {
  for (auto [name, count] : kSummedCounts) to.*count += from.*count;
  for (auto [name, count] : kErrorClasses) to.errors.*count += from.errors.*count;
  for (const auto& [code, n] : from.errors.by_status) to.errors.by_status[code] += n;
  to.connections_peak += from.connections_peak;
  for (auto [a, b] : {std::pair{&to.latency, &from.latency}, {&to.ulatency, &from.ulatency},
                      {&to.err_latency, &from.err_latency}, {&to.send_delay, &from.send_delay},
                      {&to.gen_lag, &from.gen_lag}, {&to.queue, &from.queue}, {&to.service, &from.service},
                      {&to.gil_wait, &from.gil_wait}, {&to.ipc, &from.ipc}})
    a->merge(*b);
  if (to.timeline.size() < from.timeline.size()) to.timeline.resize(from.timeline.size());
  for (std::size_t i = 0; i < from.timeline.size(); ++i) {
    auto& a = to.timeline[i];
    const auto& b = from.timeline[i];
    a.t_s = static_cast<double>(i);
    a.requests += b.requests;
    a.ok += b.ok;
    a.errors += b.errors;
    a.lat_mean_us += b.lat_mean_us;  // still sums, over 2xx answers
    a.lat_max_us = std::max(a.lat_max_us, b.lat_max_us);
  }
}

namespace {

void check_parts(const std::vector<LoadResult>& parts) {
  if (parts.empty()) throw std::invalid_argument("nothing to merge");
  std::set<int> seen;
  for (const auto& p : parts) {
    if (p.loop != parts[0].loop)
      throw std::invalid_argument("cannot merge an open-loop result with a closed-loop one");
    if (p.config.segment_count != parts[0].config.segment_count)
      throw std::invalid_argument(fmt::format("segments of different counts ({} and {})", parts[0].config.segment_count,
                                              p.config.segment_count));
    if (p.config.segment_count > 1 && !seen.insert(p.config.segment_index).second)
      throw std::invalid_argument(fmt::format("segment {}/{} appears twice", p.config.segment_index + 1,
                                              p.config.segment_count));
  }
}

}  // namespace

LoadResult merge_results(const std::vector<LoadResult>& parts) {
  check_parts(parts);
  LoadResult m;
  m.config = parts[0].config;
  m.config.rate_rps = 0;
  m.config.connections = 0;
  m.config.threads = 0;
  m.config.segment_index = 0;
  m.config.segment_count = 1;
  m.loop = parts[0].loop;
  m.generators = 0;
  double first = parts[0].window_start_unix, last = first;
  std::vector<std::string> reasons;
  for (const auto& p : parts) {
    LoadResult q = p;  // its timeline means back to sums, divided once at the end
    for (auto& t : q.timeline) t.lat_mean_us *= static_cast<double>(t.ok);
    merge_into(m, q);
    m.config.rate_rps += p.config.rate_rps;
    m.config.connections += p.config.connections;
    m.config.threads += p.config.threads;
    m.duration_s = std::max(m.duration_s, p.duration_s);
    m.connections_mean += p.connections_mean;
    m.gen.cpu_pct = std::max(m.gen.cpu_pct, p.gen.cpu_pct);
    m.gen.intended_rps += p.gen.intended_rps;
    m.gen.achieved_rps += p.gen.achieved_rps;
    m.start_late_s = std::max(m.start_late_s, p.start_late_s);
    m.generators += p.generators;
    first = std::min(first, p.window_start_unix);
    last = std::max(last, p.window_start_unix);
    if (p.gen.bound)
      reasons.push_back(fmt::format("segment {}/{}: {}", p.config.segment_index + 1, p.config.segment_count, p.gen.reason));
  }
  for (auto& t : m.timeline) t.lat_mean_us = t.ok ? t.lat_mean_us / static_cast<double>(t.ok) : 0;
  m.window_start_unix = first;
  m.start_skew_s = last - first;
  m.lat_clamped = m.latency.clamped();
  judge_generator(m);
  if (!m.gen.reason.empty()) reasons.push_back("merged: " + m.gen.reason);
  m.gen.bound = !reasons.empty();
  m.gen.reason.clear();
  for (const auto& r : reasons) m.gen.reason += (m.gen.reason.empty() ? "" : "; ") + r;
  return m;
}

}  // namespace gilbench::load
