#include "report/palette.h"

#include <fmt/format.h>

namespace gilbench::report {

const std::vector<ModelColour>& palette() {
  static const std::vector<ModelColour> p = {
      {"threads", "#0072B2", "blue"},
      {"async", "#009E73", "green"},
      {"procs", "#D55E00", "vermillion"},
      {"offload", "#CC79A7", "pink"},
  };
  return p;
}

std::string model_colour(const std::string& model) {
  for (auto& c : palette())
    if (c.model == model) return c.colour;
  return "#777777";
}

std::string gnuplot_style(const std::string& model, const std::string& engine, bool peer) {
  if (peer) return fmt::format("lc rgb '{}' lw 2 dt 3 pt 4", model_colour(model));
  bool py = results::names(engine, results::Engine::python);
  return fmt::format("lc rgb '{}' lw 2 dt {} pt {}", model_colour(model), py ? 2 : 1, py ? 6 : 7);
}

}  // namespace gilbench::report
