// The one palette of the report: a colour per model, a dash and point type
// per engine, the same in every figure (SVG, PNG, PDF) and in the HTML and
// LaTeX legends. A figure never picks a colour of its own.
#pragma once

#include <string>
#include <vector>

#include "results/values.h"

namespace gilbench::report {

struct ModelColour {
  // A model's registered name, not a results::Model: a new model gets its
  // colour here without being one the verdict rules name.
  std::string model;
  std::string colour;  // "#rrggbb"
  std::string name;    // colour name for legends ("blue")
};

// Okabe-Ito colours (distinguishable with the common colour-vision
// deficiencies), in the order models are listed in legends.
const std::vector<ModelColour>& palette();
// Colour of a model; grey for a model not in the palette.
std::string model_colour(const std::string& model);

// gnuplot line style: model colour; native solid with filled points, python
// dashed with open points; a peer dotted with squares in the colour of the
// model it imitates.
std::string gnuplot_style(const std::string& model, const std::string& engine, bool peer);

// The reference lines (ideal scaling, core count) of the summary figures.
inline constexpr const char* kIdealStyle = "lc rgb '#555555' lw 1 dt 2";
inline constexpr const char* kFlagStyle = "lc rgb '#000000' pt 3 ps 1.6";  // degraded / generator-bound marker

}  // namespace gilbench::report
