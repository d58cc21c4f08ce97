// How far the run can be trusted: the noise monitor's figures, cells that
// were not clean, how the run was measured, and its context (env.json).
#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

#include "report/sections.h"

namespace gilbench::report {

namespace {
bool contains_any(const std::string& c, std::initializer_list<const char*> words) {
  for (auto w : words)
    if (c.find(w) != std::string::npos) return true;
  return false;
}
}  // namespace

// Columns of the noise monitor (interference from outside the experiment)
// and of the generator's self-check, by name: whatever of them the CSV has.
bool outside_noise_column(const std::string& c) {
  return contains_any(c, {"steal", "noise", "loadavg", "load_avg", "other_cpu", "outside", "freq", "mhz"});
}
bool noise_column(const std::string& c) {
  return outside_noise_column(c) || contains_any(c, {"send_delay", "gen_cpu", "generator_cpu"});
}

bool outside_noise_measured(const Results& res) {
  for (auto& r : res.rows)
    for (auto& [k, v] : r)
      if (outside_noise_column(k) && !v.empty()) return true;
  return false;
}

std::optional<Block> noise_table(const Results& res) {
  std::map<std::string, std::vector<double>> cols;
  for (auto& r : res.rows) {
    if (results::status(r) == results::Status::failed) continue;
    for (auto& [k, v] : r)
      if (noise_column(k))
        if (auto x = results::number(r, k)) cols[k].push_back(*x);
  }
  if (cols.empty()) return std::nullopt;
  auto t = table({"noise figure (CSV column)", "median over cells", "max over cells", "cells"});
  for (auto& [k, v] : cols)
    t.rows.push_back({k, fmt_num(stat_of(v).median), fmt_num(*std::max_element(v.begin(), v.end())), std::to_string(v.size())});
  return t;
}

void quality_blocks(Document& d, const Results& res) {
  d.push_back(heading("How far to trust this run"));
  const results::Tally unclean = results::tally(res.rows);
  d.push_back(para(fmt::format("{} cells measured: {} failed, {} degraded (errors or censored requests above 1%), {} "
                               "generator-bound (the load generator, not the server, was the limit).",
                               res.rows.size(), unclean.failed, unclean.degraded, unclean.generator_bound)));
  if (!res.rows_left_out.empty())
    d.push_back(para(fmt::format("**{} row(s) of results.csv were left out**: torn, duplicated, or holding a figure "
                                 "that is not a finite number >= 0 or a status that is not ok, degraded or failed. "
                                 "`gilbench report` printed a warning naming the line and column of each; no figure "
                                 "or table of this report includes them.",
                                 res.rows_left_out.size())));
  if (!outside_noise_measured(res))
    d.push_back(para("Noise from outside the experiment (steal time, CPU of other processes, load average) was **not "
                     "measured** in this run: its CSV has no noise-monitor columns."));
  if (auto t = noise_table(res)) {
    d.push_back(para("Per cell, as recorded: the noise monitor (steal time, CPU of processes other than the target "
                     "and the generator, load average) and the generator's own CPU and lateness (send delay)."));
    d.push_back(*t);
  }
  auto t = table({"cell", "status", "reason"});
  for (auto& r : res.rows) {
    std::string st = results::text(r, "status");
    if (results::status(r) == results::Status::ok && !results::flag(r, "generator_bound")) continue;
    std::string x = results::text(r, "loop") == "open" ? "rate=" + results::text(r, "rate_rps") : "c=" + results::text(r, "connections");
    t.rows.push_back({fmt::format("{}, {}, {}, rep {}", series_of(r), workload_of(r), x, results::text(r, "rep")),
                      results::flag(r, "generator_bound") ? st + ", generator-bound" : st,
                      results::text(r, "error").empty() ? results::text(r, "generator_reason") : results::text(r, "error")});
  }
  if (!t.rows.empty()) {
    d.push_back(heading("Cells that were not clean", 3));
    d.push_back(t);
  }
}

std::string method_summary(const Results& res) {
  int reps = 0;
  std::set<std::string> loops, durations, warmups, levels, rates;
  for (auto& r : res.rows) {
    reps = std::max(reps, static_cast<int>(results::number(r, "rep").value_or(0)) + 1);
    loops.insert(results::text(r, "loop"));
    if (auto v = results::number(r, "duration_s")) durations.insert(fmt::format("{:g}", *v));
    if (auto v = results::number(r, "warmup_s")) warmups.insert(fmt::format("{:g}", *v));
    if (results::text(r, "loop") == "open") {
      if (auto v = results::number(r, "rate_rps")) rates.insert(fmt::format("{:g}", *v));
    } else if (auto v = results::number(r, "connections")) {
      levels.insert(fmt::format("{:g}", *v));
    }
  }
  auto join = [](const std::set<std::string>& s) {
    std::vector<std::string> v(s.begin(), s.end());
    std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return std::stod(a) < std::stod(b); });
    std::string o;
    for (auto& x : v) o += (o.empty() ? "" : ", ") + x;
    return o;
  };
  // The sweep writes the shuffle's seed in every row's `seed` column (not in
  // env.json); rows of files older than the column have none.
  std::set<std::string> seeds;
  for (auto& r : res.rows)
    if (auto it = r.find("seed"); it != r.end() && !it->second.empty()) seeds.insert(it->second);
  if (seeds.empty())  // a hand-made env.json may name it
    for (auto& [k, v] : res.env)
      if (k.find("seed") != std::string::npos) seeds.insert(v);
  std::string seed = fmt::format("{}", fmt::join(seeds, ", "));
  std::string s = fmt::format("{} cells in {} repetition{}", res.rows.size(), reps, reps == 1 ? "" : "s");
  s += seed.empty() ? " (no shuffle seed recorded)" : fmt::format(", each a round over every cell in an order shuffled "
                                                                  "from seed {}", seed);
  if (loops.count("closed"))
    s += fmt::format("; closed loop at concurrency {}", join(levels));
  if (loops.count("open")) s += fmt::format("; open loop at {} req/s", join(rates));
  s += fmt::format("; measured windows of {} s after {} s of warm-up.", join(durations), join(warmups));
  return s;
}

Block context_table(const Results& res) {
  auto t = table({"what", "value"});
  for (auto k : {"cpu_model", "cores_online", "kernel", "compiler", "cxx_flags", "build_type", "git_sha", "git_dirty",
                 "created_utc", "experiment_file", "dependencies.boost", "dependencies.openssl", "dependencies.sqlite",
                 "dependencies.python_embedded", "dependencies.python_peers", "dependencies.gnuplot"}) {
    auto it = res.env.find(k);
    if (it != res.env.end()) t.rows.push_back({k, it->second});
  }
  for (auto& [k, v] : res.env)
    if (k.find("seed") != std::string::npos) t.rows.push_back({k, v});
  t.rows.push_back({"cells (rows)", std::to_string(res.rows.size())});
  return t;
}

void context_blocks(Document& d, const Results& res) {
  d.push_back(heading("Run context"));
  d.push_back(para("How it was measured: " + method_summary(res)));
  d.push_back(context_table(res));
  machine_blocks(d, res);
}

}  // namespace gilbench::report
