#include "report/combine.h"

#include <boost/json.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "report/compare.h"
#include "report/rules.h"
#include "results/row.h"

namespace gilbench::report {

namespace json = boost::json;

namespace {
std::string experiment_of(const Results& r) {
  if (auto it = r.env.find("experiment"); it != r.env.end()) return it->second;
  std::ifstream in(r.dir + "/experiment.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A run whose noisy share is above the limit cannot decide alone: its
// decided verdicts become inconclusive, with the reason first.
void gate_noise(RunRecord& run) {
  if (run.decides_alone) return;
  const std::string why = fmt::format(
      "this run cannot decide alone: {} of {} cells were noisy, above the {:.0f}% limit (combine it with other runs)",
      run.noisy, run.cells, 100 * rules::kNoisyShareMax);
  for (auto& v : run.verdicts) {
    if (v.outcome != Outcome::supported && v.outcome != Outcome::not_supported) continue;
    v.outcome = Outcome::inconclusive;
    v.why_inconclusive = why;
  }
}

RunRecord record(const Results& r) {
  RunRecord run;
  run.dir = r.dir;
  run.cells = static_cast<int>(r.rows.size());
  for (auto& row : r.rows) run.noisy += results::flag(row, "noisy");
  run.decides_alone = run.cells == 0 || static_cast<double>(run.noisy) / run.cells <= rules::kNoisyShareMax;
  if (auto it = r.env.find("created_utc"); it != r.env.end()) run.created_utc = it->second;
  run.verdicts = verdicts(r.points);
  gate_noise(run);
  return run;
}

void check_same(const std::vector<Results>& runs, std::vector<std::string>& notes) {
  const std::string first = experiment_of(runs.front());
  for (auto& r : runs) {
    if (experiment_of(r) != first)
      throw std::runtime_error(fmt::format("{} and {} are runs of different experiment files; only runs of the same "
                                           "experiment combine",
                                           runs.front().dir, r.dir));
    auto v = r.env.find("rules_version");
    if (v == r.env.end()) {
      notes.push_back(fmt::format("{} records no rule version (made before runs recorded it); judged under {}", r.dir,
                                  rules::kVersion));
    } else if (v->second != rules::kVersion) {
      throw std::runtime_error(fmt::format("{} was made under rule version {}, this report applies {}; runs of "
                                           "different rule versions do not combine",
                                           r.dir, v->second, rules::kVersion));
    }
  }
}
}  // namespace

Judgement judge(const std::vector<Results>& runs) {
  if (runs.empty()) throw std::runtime_error("no results directory given");
  Judgement j;
  check_same(runs, j.notes);
  for (auto& r : runs) j.runs.push_back(record(r));
  if (runs.size() == 1) {
    j.verdicts = j.runs.front().verdicts;
    return j;
  }
  // Each run's estimate of every comparison it could decide on its own
  // data (gates and kMinReps passed); the noise gate is a run's, not an
  // estimate's: the between-run interval carries every run's noise.
  rules::RunEstimates est;
  est.runs = static_cast<int>(runs.size());
  for (auto& run : j.runs)
    for (auto& v : run.verdicts)
      for (auto& c : v.comparisons) {
        bool usable = c.gate.empty() && c.n_a >= kMinReps && c.n_b >= kMinReps && c.outcome != Outcome::not_measured;
        if (usable) est.by_what[c.what].push_back(rules::contrast_scale(c));
        else if (c.outcome != Outcome::not_measured || !c.gate.empty())
          est.gated[c.what].push_back(fmt::format("{}: {}", run.dir, c.gate.empty() ? "too few clean repetitions" : c.gate));
      }
  rules::RunsScope scope(est);
  j.verdicts = verdicts(runs.front().points);
  for (auto& v : j.verdicts) v.runs = est.runs;
  return j;
}

namespace {
json::object comparison_json(const Comparison& c) {
  json::array runs;
  for (double e : c.run_estimates) runs.push_back(e);
  return {{"what", c.what},
          {"estimate", c.estimate},
          {"lo", c.lo},
          {"hi", c.hi},
          {"level", c.level},
          {"method", c.method},
          {"runs", c.runs},
          {"run_estimates", runs},
          {"test", c.test == Test::equivalence ? "equivalence" : "threshold"},
          {"threshold", c.threshold},
          {"claim", rules::rule_of(c)},
          {"unit", c.unit},
          {"n_a", c.n_a},
          {"n_b", c.n_b},
          {"outcome", to_string(c.outcome)},
          {"decides", c.decides},
          {"gate", c.gate}};
}

json::object verdict_json(const Verdict& v) {
  json::array cs;
  for (auto& c : v.comparisons) cs.push_back(comparison_json(c));
  return {{"id", v.id},           {"hypothesis", v.hypothesis}, {"outcome", to_string(v.outcome)},
          {"runs", v.runs},       {"scope", scope_of(v)},       {"answer", v.answer},
          {"why_inconclusive", v.why_inconclusive}, {"rule", v.rule}, {"comparisons", cs}};
}
}  // namespace

std::string verdicts_json(const Judgement& j) {
  json::array runs, vs, notes;
  for (auto& r : j.runs) {
    json::array own;
    for (auto& v : r.verdicts) own.push_back({{"id", v.id}, {"outcome", to_string(v.outcome)}});
    runs.push_back({{"dir", r.dir},
                    {"created_utc", r.created_utc},
                    {"cells", r.cells},
                    {"noisy", r.noisy},
                    {"decides_alone", r.decides_alone},
                    {"verdicts", own}});
  }
  for (auto& v : j.verdicts) vs.push_back(verdict_json(v));
  for (auto& n : j.notes) notes.push_back(json::string(n));
  json::object o{{"rule_version", rules::kVersion},
                 {"methods", "ratios: t intervals on log values, paired by round within a run (Welch when rounds do "
                             "not pair); several runs: t interval over the runs' estimates"},
                 {"number_of_runs", static_cast<int>(j.runs.size())},
                 {"runs", runs},
                 {"verdicts", vs},
                 {"notes", notes}};
  return json::serialize(o) + "\n";
}

}  // namespace gilbench::report
