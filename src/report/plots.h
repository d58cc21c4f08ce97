// The figures of the report, drawn with gnuplot (report/gnuplot.h): per
// workload (throughput, scaling, latency, queue vs service, CPU, spectrum),
// memory, the in-process pool, and the summary figures of figures.h.
#pragma once

#include <string>
#include <vector>

#include "report/data.h"
#include "report/gnuplot.h"

namespace gilbench::report {

// Builds every plot the results support (PDF copies too when `pdf`);
// returns them (ok=false and a warning when gnuplot fails).
std::vector<Plot> make_plots(const Results& res, const std::string& out_dir, bool pdf,
                             std::vector<std::string>& warnings);

// The plot of that name, or nullptr if it was not drawn.
const Plot* find_plot(const std::vector<Plot>& plots, const std::string& name);

// File-name slug of a workload label: "io wait=5ms" -> "io-wait-5ms".
std::string slug(const std::string& s);
// File stem of a workload's figures: slug, plus "-open" for the open loop.
std::string workload_stem(const std::string& workload, const std::string& loop);

// gnuplot style of a series (report/palette.h).
std::string series_style(const Point& p);

}  // namespace gilbench::report
