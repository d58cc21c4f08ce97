// Runs as the unit of replication (docs/methodology.md, "The unit of
// replication is the run"): the verdicts of one run (within-run intervals;
// a run too noisy cannot decide alone), or of several runs of the same
// experiment (each run's estimate, the between-run interval), and their
// machine-readable record, verdicts.json (docs/report.md).
#pragma once

#include <string>
#include <vector>

#include "report/data.h"
#include "report/verdict.h"

namespace gilbench::report {

struct RunRecord {
  std::string dir;
  int cells = 0, noisy = 0;    // rows of results.csv, and those flagged noisy
  bool decides_alone = true;   // noisy share <= rules::kNoisyShareMax
  std::string created_utc;     // env.json's created_utc, "" if absent
  std::vector<Verdict> verdicts;  // this run's own, within-run verdicts
};

struct Judgement {
  std::vector<Verdict> verdicts;  // what the report states (combined when several runs)
  std::vector<RunRecord> runs;
  std::vector<std::string> notes;  // e.g. a run that records no rule version
};

// Throws std::runtime_error with one line when the runs are of different
// experiment files or record different rule versions (or none are given).
Judgement judge(const std::vector<Results>& runs);

// verdicts.json: method, level, runs, each run's estimate and the interval
// of every comparison of every verdict.
std::string verdicts_json(const Judgement& j);

}  // namespace gilbench::report
