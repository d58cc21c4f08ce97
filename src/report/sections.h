// The sections of the report as document blocks, shared by report.html,
// report.md and (through report/latex.h) the paper and the slides, so every
// format shows the same numbers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/data.h"
#include "report/document.h"
#include "report/gnuplot.h"
#include "report/verdict.h"

namespace gilbench::report {

struct Judgement;  // combine.h

// Number formatting of the report: 3 significant digits, no exponent.
std::string fmt_num(double v);
// "1.93x (1.71–2.10)" or "12.3 MiB/worker (10.1–14.2)".
std::string estimate_text(const Comparison& c);
// "> 1.3x" or "< 1.1x" (a no-break space after the sign).
std::string rule_text(const Comparison& c);
// "**H1 — supported within this run.** <answer>." or "... supported over 3
// runs ..." (+ why, if inconclusive and `why`).
std::string answer_sentence(const Verdict& v, bool why = true);

Block heading(std::string text, int level = 2);
Block para(std::string text);
Block table(std::vector<std::string> header);
Block figure(const Plot& p);
Block palette_legend();

// The comparisons behind a verdict: estimate, interval (level, method, runs), rule, reps or runs, outcome.
Block comparison_table(const Verdict& v);
// env.json's run context (CPU, cores, kernel, compiler, git sha, ...).
Block context_table(const Results& res);
// The noise monitor's columns (median and max over cells), cells flagged
// degraded / generator-bound; nullopt if the CSV has no noise column.
std::optional<Block> noise_table(const Results& res);
// True if the CSV has a column of the noise monitor (steal, outside CPU,
// load average, frequency) with a value: noise from outside was measured.
bool outside_noise_measured(const Results& res);
// capacity.csv as a table, nullopt if absent.
std::optional<Block> capacity_table(const Results& res);

// Repetitions (max rep + 1), windows and loops of the run, in words.
std::string method_summary(const Results& res);

// The figure that shows hypothesis `id` (1: the GIL figure, 2: io latency,
// 3: memory), nullptr if it was not drawn.
const Plot* hypothesis_figure(int id, const std::vector<Plot>& plots);

// The runs behind the verdicts: rule version, each run's cells, noise and
// own verdicts, and what a single run's verdict means.
void runs_blocks(Document& d, const Judgement& j);
void answer_blocks(Document& d, const std::vector<Verdict>& vs, const std::vector<Plot>& plots);
void verdict_blocks(Document& d, const std::vector<Verdict>& vs, const std::vector<Plot>& plots);
void workload_blocks(Document& d, const Results& res, const std::vector<Plot>& plots);
void peer_blocks(Document& d, const Results& res);
void memory_blocks(Document& d, const Results& res, const std::vector<Plot>& plots);
// Energy per answer and watts with their source, or why not and the proxy
// (CPU per answer); the plan's energy hypothesis (report/energy.cpp).
void energy_blocks(Document& d, const Results& res);
// The energy section's first sentence (source, or "not measured" and why).
std::string energy_sentence(const Results& res);
void pool_blocks(Document& d, const Results& res, const std::vector<Plot>& plots);
void capacity_blocks(Document& d, const Results& res, const std::vector<Plot>& plots);
void quality_blocks(Document& d, const Results& res);  // noise, failed cells
void context_blocks(Document& d, const Results& res);
// A merged sharded sweep: which machine ran which shard (nothing otherwise).
void machine_blocks(Document& d, const Results& res);

}  // namespace gilbench::report
