// slides.tex: a Beamer deck, one idea per slide (report/deck.h): the
// question, the survey, setup and method, each hypothesis with its figure
// and verdict, memory and energy, threats, the answer, how to rerun. Each
// frame carries its speaker script as a Beamer note (hidden in slides.pdf;
// `\setbeameroption{show notes}` prints them).
#include <fmt/format.h>

#include "report/deck.h"

namespace gilbench::report {

std::string slides_tex(const PaperInput& in) {
  const Results& res = in.res;
  std::string o =
      "\\documentclass[aspectratio=169,10pt]{beamer}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"
      "\\usepackage{booktabs,tabularx,amssymb,textcomp}\n\\setbeamertemplate{navigation symbols}{}\n"
      "\\setbeamertemplate{footline}[frame number]\n\n";
  o += fmt::format("\\title{{Threads, async or processes?}}\n\\subtitle{{What the GIL does to a server --- gilbench run {}}}\n"
                   "\\date{{{}}}\n\\begin{{document}}\n",
                   tex_escape(in.run_name), tex_escape(env_value(res, "created_utc", "")));
  const auto deck = slide_deck(in);
  for (std::size_t i = 0; i < deck.size(); ++i) {
    const auto& s = deck[i];
    // The title page has no frame title: it would repeat the title.
    o += i == 0 ? "\\begin{frame}\n" : "\\begin{frame}{" + tex_escape(s.title) + "}\n";
    o += s.body + "\\note{" + tex_escape(s.script) + "}\n\\end{frame}\n\n";
  }
  return o + "\\end{document}\n";
}

}  // namespace gilbench::report
