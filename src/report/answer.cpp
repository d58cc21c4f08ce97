// "The answer" and the verdict sections: the sentences, the comparisons
// with their intervals, and the figure of each hypothesis.
#include <cmath>
#include <fmt/format.h>

#include "report/combine.h"
#include "report/compare.h"
#include "report/palette.h"
#include "report/plots.h"
#include "report/rules.h"
#include "report/sections.h"

namespace gilbench::report {

std::string fmt_num(double v) {
  if (!std::isfinite(v)) return "–";
  double a = std::abs(v);
  if (a == 0) return "0";
  if (a >= 100) return fmt::format("{:.0f}", v);
  if (a >= 10) return fmt::format("{:.1f}", v);
  if (a >= 1) return fmt::format("{:.2f}", v);
  return fmt::format("{:.3f}", v);
}

std::string estimate_text(const Comparison& c) {
  std::string unit = c.unit == "x" || c.unit.empty() ? "x" : " " + c.unit;
  if (c.estimate == 0 && c.lo == 0 && c.hi == 0) return "–";  // no interval (not measured, or gated)
  return fmt::format("{}{} ({}–{})", fmt_num(c.estimate), unit, fmt_num(c.lo), fmt_num(c.hi));
}

std::string rule_text(const Comparison& c) {
  std::string unit = c.unit == "x" || c.unit.empty() ? "x" : " " + c.unit;
  if (c.test == Test::equivalence)
    return fmt::format("within {}–{}{}", fmt_num(1 / c.threshold), fmt_num(c.threshold), unit);
  return fmt::format("{}\u00a0{}{}", c.above ? ">" : "<", fmt_num(c.threshold), unit);  // no break after > or <
}

std::string answer_sentence(const Verdict& v, bool why) {
  std::string word = to_string(v.outcome);
  if (v.outcome != Outcome::not_measured) word += " " + scope_of(v);
  std::string s = fmt::format("**H{} — {}.** {}", v.id, word, v.answer);
  if (!s.empty() && s.back() != '.') s += '.';
  if (why && v.outcome == Outcome::inconclusive && !v.why_inconclusive.empty())
    s += " Why inconclusive: " + v.why_inconclusive;
  return s;
}

Block heading(std::string t, int level) { return Block{Block::heading, std::move(t), level, {}, {}, "", ""}; }
Block para(std::string t) { return Block{Block::paragraph, std::move(t), 2, {}, {}, "", ""}; }
Block table(std::vector<std::string> header) { return Block{Block::table, "", 2, std::move(header), {}, "", ""}; }
Block figure(const Plot& p) { return Block{Block::figure, p.title, 2, {}, {}, p.svg_path, p.png_path}; }

Block palette_legend() {
  Block b{Block::legend, "Colours, the same in every figure:", 2, {}, {}, "", ""};
  for (auto& c : palette()) b.rows.push_back({c.model, c.colour, c.name});
  return b;
}

Block comparison_table(const Verdict& v) {
  auto t = table({"comparison", "estimate (interval)", "interval", "rule", v.runs > 1 ? "runs" : "reps (A/B)", "outcome"});
  for (auto& c : v.comparisons) {
    std::string out = c.decides ? to_string(c.outcome) : to_string(c.outcome) + " (context)";
    if (!c.gate.empty()) out += " — cannot decide: " + c.gate;
    t.rows.push_back({c.what, estimate_text(c), rules::interval_label(c), rule_text(c),
                      v.runs > 1 ? std::to_string(c.runs) : fmt::format("{}/{}", c.n_a, c.n_b), out});
  }
  return t;
}

const Plot* hypothesis_figure(int id, const std::vector<Plot>& plots) {
  if (id == 1) return find_plot(plots, "gil");
  if (id == 3) return find_plot(plots, "memory");
  // H2: the io workload's latency figure with the longest wait.
  const Plot* best = nullptr;
  double wait = -1;
  for (auto& p : plots) {
    if (!p.ok || p.name.rfind("latency-io-wait-", 0) != 0 || p.name.find("-open") != std::string::npos) continue;
    double w = std::atof(p.name.c_str() + std::string("latency-io-wait-").size());
    if (w > wait) wait = w, best = &p;
  }
  return best;
}

void runs_blocks(Document& d, const Judgement& j) {
  d.push_back(heading("Runs behind the verdicts"));
  const int k = static_cast<int>(j.runs.size());
  d.push_back(para(
      k > 1 ? fmt::format("{} runs of the same experiment, judged under rule version {}. Each run gives an estimate of "
                          "every comparison; the verdicts come from the interval over those {} estimates (a run is "
                          "the unit of replication: rounds inside one run share its minutes of the machine). Tables "
                          "and figures below show the first run.",
                          k, rules::kVersion, k)
            : fmt::format("One run, judged under rule version {}. Its intervals and verdicts are within this run: "
                          "over its rounds, which share the same minutes of the machine, so they say what this run "
                          "measured, not what another run would (combine three runs: `gilbench report DIR1 DIR2 "
                          "DIR3`).",
                          rules::kVersion)));
  auto t = table({"run", "started (UTC)", "cells", "noisy", "decides alone", "H1", "H2", "H3"});
  for (auto& r : j.runs) {
    std::vector<std::string> row = {r.dir, r.created_utc, std::to_string(r.cells), std::to_string(r.noisy),
                                    r.decides_alone ? "yes" : "no (too noisy)"};
    for (auto& v : r.verdicts) row.push_back(to_string(v.outcome));
    row.resize(8);
    t.rows.push_back(row);
  }
  d.push_back(t);
  for (auto& n : j.notes) d.push_back(para(n));
}

void answer_blocks(Document& d, const std::vector<Verdict>& vs, const std::vector<Plot>& plots) {
  d.push_back(heading("The answer"));
  // One sentence each; why an inconclusive one could not decide is in the
  // verdict's own section below.
  for (auto& v : vs) d.push_back(para(answer_sentence(v, false)));
  if (auto* p = find_plot(plots, "headline")) d.push_back(figure(*p));
  d.push_back(palette_legend());
  d.push_back(para("Solid lines and filled points: native engine; dashed lines and open points: python engine (real "
                   "GIL); dotted lines and squares: Python peers, in the colour of the model they imitate. Black "
                   "crosses mark points where a repetition was degraded, generator-bound or failed."));
}

void verdict_blocks(Document& d, const std::vector<Verdict>& vs, const std::vector<Plot>& plots) {
  d.push_back(heading("Verdicts: rules, comparisons and intervals"));
  d.push_back(para(fmt::format(
      "Each hypothesis of the original plan, decided from the data by the rule shown (rule version {}; "
      "docs/methodology.md explains the rules and the statistics). A comparison is a ratio (or a difference of "
      "per-worker slopes) with a Student-t interval on log values: within one run over its rounds, paired by "
      "round; over several runs, over the runs' estimates. The interval column names its level and method. A "
      "threshold or superiority claim decides only when the whole 95% interval is on one side; an equivalence "
      "claim when the whole 90% interval is inside its band. Only gilbench targets decide; Python peers are context.",
      rules::kVersion)));
  for (auto& v : vs) {
    d.push_back(heading(fmt::format("H{}: {}", v.id, v.hypothesis), 3));
    d.push_back(para(answer_sentence(v)));
    d.push_back(para("Rule: " + v.rule));
    if (!v.comparisons.empty()) d.push_back(comparison_table(v));
    Block l{Block::list, "", 2, {}, {}, "", ""};
    if (v.comparisons.empty())
      for (auto& e : v.evidence) l.rows.push_back({e});
    if (!l.rows.empty()) d.push_back(l);
    if (auto* p = hypothesis_figure(v.id, plots)) d.push_back(figure(*p));
    // H1 is decided on the sweep's speedup over c=1: show it beside the GIL figure.
    if (v.id == 1)
      for (auto& p : plots)
        if (p.ok && p.name.rfind("scaling-cpu-", 0) == 0 && p.name.find("-open") == std::string::npos) d.push_back(figure(p));
  }
}

}  // namespace gilbench::report
