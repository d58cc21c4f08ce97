// slides.tex: a Beamer deck, one idea per slide: the question, the setup,
// each hypothesis with its figure and verdict, the answer, how to rerun.
#include <fmt/format.h>

#include "report/latex.h"
#include "report/plots.h"
#include "report/sections.h"

namespace gilbench::report {

namespace {
std::string frame(const std::string& title, const std::string& body) {
  return "\\begin{frame}{" + title + "}\n" + body + "\\end{frame}\n\n";
}

std::string figure_frame(const PaperInput& in, const std::string& title, const Plot* p, const std::string& text) {
  std::string body;
  if (p && !p->slide_pdf_path.empty())
    body += "\\centering\n\\includegraphics[width=\\linewidth,height=0.6\\textheight,keepaspectratio]{" +
            plot_path(in, p->slide_pdf_path) +
            "}\n\n{\\scriptsize\\textit{" + tex_escape(p->title) + "}}\n\n\\raggedright\n";
  body += "\\footnotesize " + text + "\n";
  return frame(title, body);
}
}  // namespace

std::string slides_tex(const PaperInput& in) {
  const Results& res = in.res;
  std::string o =
      "\\documentclass[aspectratio=169,10pt]{beamer}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"
      "\\usepackage{booktabs,tabularx,amssymb,textcomp}\n\\setbeamertemplate{navigation symbols}{}\n"
      "\\setbeamertemplate{footline}[frame number]\n\n";
  o += fmt::format("\\title{{Threads, async or processes?}}\n\\subtitle{{What the GIL does to a server --- gilbench run {}}}\n"
                   "\\date{{{}}}\n\\begin{{document}}\n\\begin{{frame}}\n\\titlepage\n\\end{{frame}}\n\n",
                   tex_escape(in.run_name), tex_escape(env_value(res, "created_utc", "")));
  std::string q = "Which concurrency model serves CPU-bound and I/O-bound requests best, and what does Python's GIL do "
                  "to each?\n\\begin{itemize}\n";
  for (auto& v : in.verdicts) q += fmt::format("\\item H{}: {}\n", v.id, tex_escape(v.hypothesis));
  o += frame("The question", q + "\\end{itemize}\n");

  auto ctx = table({"", ""});
  ctx.rows = {{"measured", scope_text(res)},
              {"machine", env_value(res, "cpu_model") + ", " + env_value(res, "cores_online", "?") + " cores"},
              {"method", method_summary(res)},
              {"engines", "python: embedded CPython (real GIL); native: the same work in C++ (no GIL)"},
              {"git sha", env_value(res, "git_sha")}};
  ctx.header = {"setup", ""};
  o += frame("Setup", tex_table(ctx, "\\footnotesize"));

  if (auto* p = find_plot(in.plots, "headline"))
    o += figure_frame(in, "At a glance", p, "One panel per hypothesis; colours are models, dashed lines the python engine.");
  for (auto& v : in.verdicts)
    o += figure_frame(in, fmt::format("H{}, {}: {}", v.id, v.id == 1 ? "CPU-bound" : v.id == 2 ? "I/O-bound" : "memory",
                                      to_string(v.outcome) + " " + scope_of(v)),
                      hypothesis_figure(v.id, in.plots),
                      tex_text(answer_sentence(v, false)));
  if (auto* p = find_plot(in.plots, "capacity"))
    o += figure_frame(in, "Capacity within the latency objective", p,
                      "The highest rate each model carries within the objective (open loop, bisection).");

  std::string ans = "\\begin{itemize}\n";
  for (auto& v : in.verdicts) ans += "\\item " + tex_text(answer_sentence(v, false)) + "\n";
  o += frame("The answer", "\\footnotesize\n" + ans + "\\end{itemize}\n");

  std::string cmds = "\\begin{flushleft}\\footnotesize\\ttfamily\n";
  for (auto& c : reproduce_commands(res)) cmds += tex_escape(c) + "\\\\\n";
  o += frame("Reproduce", cmds + "\\end{flushleft}\n");
  return o + "\\end{document}\n";
}

}  // namespace gilbench::report
