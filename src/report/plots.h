// Plots as gnuplot scripts, rendered to SVG and PNG. Each plot is written as
// a data file plus a script under <out>/plots/, so a reader can re-render or
// restyle any figure by hand.
#pragma once

#include <string>
#include <vector>

#include "report/data.h"

namespace gilbench::report {

struct Plot {
  std::string name;     // file stem: plots/<name>.svg and .png
  std::string title;    // caption in the report
  std::string svg_path, png_path;
  bool ok = false;      // gnuplot produced both files
};

// Builds every plot the results support; returns them (ok=false and a
// warning when gnuplot fails). `warnings` collects what could not be drawn.
std::vector<Plot> make_plots(const Results& res, const std::string& out_dir,
                             std::vector<std::string>& warnings);

// File-name slug of a workload label: "io wait=5ms" -> "io-wait-5ms".
std::string slug(const std::string& s);

// Colour and dash style of a series: one colour per model, dash per engine,
// and peers in colours and a dotted style of their own.
std::string series_style(const Point& p);

}  // namespace gilbench::report
