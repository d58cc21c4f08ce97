// The report's energy section: joules per answer and average watts where
// the sweep read RAPL counters, else why not and the stated proxy (CPU
// seconds per answer), with the plan's energy hypothesis decided or "not
// measured".
#include <fmt/format.h>

#include <map>

#include "report/sections.h"
#include "report/verdict_energy.h"

namespace gilbench::report {

namespace {
std::string energy_source(const Results& res) {
  for (auto& r : res.rows) {
    auto s = results::text(r, "energy_source");
    if (!s.empty() && s.rfind("not measured", 0) != 0) return s;
  }
  return "";
}
}  // namespace

std::string energy_sentence(const Results& res) {
  const std::string src = energy_source(res);
  if (src.empty())
    return "Energy was **not measured** in this run (" + energy_not_measured_reason(res) +
           "). As the stated proxy, CPU-seconds of the server's process tree per answered request stand in for it: "
           "a busy core draws more power than an idle one, but the proxy leaves out frequency, idle states, memory "
           "and everything outside the server.";
  return "Energy: " + src + ", package and DRAM of the whole machine over each cell's window (the load generator "
         "and everything else that ran are included), per 2xx answer completed in the window.";
}

void energy_blocks(Document& d, const Results& res) {
  d.push_back(heading("Energy"));
  d.push_back(para(energy_sentence(res)));
  auto v = verdict_energy(res.points, energy_not_measured_reason(res));
  d.push_back(para(answer_sentence(v)));
  d.push_back(para("Rule: " + v.rule));
  // One row per series and workload, at its highest closed-loop level.
  std::map<std::pair<std::string, std::string>, const Point*> top;
  for (auto& p : res.points)
    if (p.loop == "closed") {
      auto& t = top[{p.workload, p.series}];
      if (!t || p.x > t->x) t = &p;
    }
  auto t = table({"workload", "series", "c", "energy/answer (mJ)", "power (W)", "CPU/answer (ms)"});
  auto cell = [](const Point* p, const char* m, double scale) {
    auto x = p->get(m);
    return x ? fmt_num(*x * scale) : std::string("–");
  };
  for (auto& [k, p] : top)
    t.rows.push_back({k.first, k.second, fmt_num(p->x), cell(p, "energy_per_req_mj", 1), cell(p, "power_w", 1),
                      cell(p, "cpu_per_req_us", 1e-3)});
  if (!t.rows.empty()) d.push_back(t);
}

}  // namespace gilbench::report
