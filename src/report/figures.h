// The summary figures that open the report and carry the paper: the GIL
// figure (speedup against workers of threads+python, threads+native and
// procs+python, with the ideal line), the headline figure (one panel per
// hypothesis) and capacity within the latency objective. Their data is
// exposed too, so text can quote the same numbers the figure shows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/data.h"

namespace gilbench::report {

struct CurvePoint {
  double x = 0, speedup = 0, throughput = 0;
  bool flagged = false;  // a repetition behind it was not clean
};
struct Curve {
  std::string label, model, engine;
  std::vector<CurvePoint> pts;  // by x; speedup relative to the first
};
struct GilData {
  // "workers": sweep cells at several worker counts (peak over concurrency);
  // "pool": gilbench pool (no HTTP); "concurrency": one worker count, c varies.
  std::string source;
  std::string workload;  // "cpu iters=150000"
  std::string xlabel;
  std::vector<Curve> curves;
  double cores = 0;      // cores_online of env.json, 0 if unknown
};
// One per CPU-bound workload (kind cpu), the largest iters first; the
// in-process pool's when the sweep has none.
std::vector<GilData> gil_panels(const Results& res);
// The one of them that shows most of the three series (on a tie, against
// workers first): the headline's H1 panel and the text quoting it.
std::optional<GilData> gil_data(const Results& res);

// capacity.csv rows (the sweep's capacity at a latency objective), if any.
std::vector<results::Row> load_capacity(const std::string& results_dir);

struct FigureSpec {
  std::string name, title, body;  // body: gnuplot commands after the terminal
  int w = 900, h = 480;
};
// Writes the figures' data files into `dir` and returns the scripts.
std::vector<FigureSpec> summary_figures(const Results& res, const std::string& dir);

}  // namespace gilbench::report
