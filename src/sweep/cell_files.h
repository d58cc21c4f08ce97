// The pieces of one cell that are pure translation: spec -> launch command
// and load config, results -> CSV fields and per-cell files.
#pragma once

#include <string>

#include "load/load.h"
#include "results/csv.h"
#include "results/file_write.h"
#include "results/values.h"
#include "sweep/proc_sampler.h"
#include "sweep/spec.h"
#include "sweep/target.h"

namespace gilbench::sweep {

// The cell group of a row (and the workload columns known before running).
results::Row base_row(const Experiment& e, const Cell& c);

// gilbench: `<bin> serve --model .. --engine .. --workers .. --port 0 --db ..`;
// peers: their command from the peer table (sweep/peers.h); command: its argv;
// in both {port} (a free port), {workers} and {db} are replaced. Not for url.
LaunchSpec launch_spec(const Experiment& e, const Cell& c, const std::string& gilbench_bin,
                       const std::string& source_dir, const std::string& log_path);

// Each occurrence of each name replaced by its value, left to right.
std::vector<std::string> substitute(std::vector<std::string> argv,
                                    const std::vector<std::pair<std::string, std::string>>& vars);

// Where peers/python/serve.py is: the experiment's peers_dir, else
// <source_dir>/peers/python, else ../peers/python beside the experiment file.
std::string peers_dir(const Experiment& e, const std::string& source_dir);

// key_space: the store's key count (io keys are drawn from k0..k{n-1}).
load::LoadConfig load_config(const Experiment& e, const Cell& c, int port, std::int64_t key_space);

void fill_load(results::Row& row, const load::LoadResult& r, const Experiment& e);
// The tree's usage over the window; per-request figures divide by the 2xx
// answers completed in the window (the throughput numerator), the work the
// CPU was spent on, never by requests sent.
void fill_proc(results::Row& row, const TreeUsage& u, const load::LoadResult& r);

// Cell status from its figures: failed (no 2xx answer: `why` says why),
// degraded (failure_share above kDegradedShare, or a worker died: `why`
// names the counts), else ok.
inline constexpr double kDegradedShare = 0.01;
results::Status cell_status(const load::LoadResult& r, long worker_restarts, std::string& why);

// spectrum.csv (percentile ladder of latency, uncorrected latency, server
// queue and service time) and timeline.csv (one row per second). Each
// write is checked: a failure throws results::WriteError naming the file and
// the OS error, and the sweep stops before the cell's row is written.
void write_cell_files(const std::string& cell_dir, const load::LoadResult& r,
                      results::FileWriter& w = results::disk_writer());
void append_note(const std::string& cell_dir, const std::string& note,
                 results::FileWriter& w = results::disk_writer());

// Why a window with no 2xx answer failed, from the error counts.
std::string no_success_reason(const load::LoadResult& r);

// The percentiles of spectrum.csv.
const std::vector<double>& spectrum_percentiles();

}  // namespace gilbench::sweep
