// paper.tex: a ~5-page article generated from the run: abstract, question
// and hypotheses, setup, method, results with the verdicts' intervals,
// threats to validity with the run's own noise figures, how to reproduce.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

#include "report/latex.h"
#include "report/rules.h"
#include "report/plots.h"
#include "report/sections.h"
#include "report/survey_source.h"

namespace gilbench::report {

namespace fs = std::filesystem;

std::string plot_path(const PaperInput& in, const std::string& pdf) { return fs::relative(pdf, in.out_dir).string(); }

std::string env_value(const Results& res, const std::string& key, const std::string& fallback) {
  auto it = res.env.find(key);
  return it == res.env.end() || it->second.empty() || it->second == "null" ? fallback : it->second;
}

namespace {
std::string join_and(const std::set<std::string>& s) {
  std::vector<std::string> v(s.begin(), s.end());
  std::string o;
  for (std::size_t i = 0; i < v.size(); ++i) o += (i == 0 ? "" : i + 1 == v.size() ? " and " : ", ") + v[i];
  return o;
}

std::string topic(int id) { return id == 1 ? "CPU-bound" : id == 2 ? "I/O-bound" : "Memory"; }

std::string tex_figure(const PaperInput& in, const Plot* p, const std::string& width = "\\linewidth") {
  if (!p || p->pdf_path.empty()) return "";
  // Not a float: long tables and floats together overfill pages, and a
  // generated paper has no author to move figures around.
  return fmt::format("\\par\\medskip\\noindent\\begin{{minipage}}{{\\linewidth}}\\centering\n"
                     "\\includegraphics[width={}]{{{}}}\n\\captionof{{figure}}{{{}}}\n\\end{{minipage}}\\par\\medskip\n\n",
                     width, plot_path(in, p->pdf_path), tex_escape(p->title));
}

std::string itemize(const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string o = "\\begin{itemize}\n";
  for (auto& i : items) o += "\\item " + i + "\n";
  return o + "\\end{itemize}\n\n";
}

}  // namespace

std::string spread_sentence(const Results& res) {
  double worst = 0;
  const Point* at = nullptr;
  for (auto& p : res.points) {
    auto it = p.m.find("throughput_rps");
    if (it == p.m.end() || it->second.n < 2 || it->second.median <= 0) continue;
    double s = (it->second.max - it->second.min) / it->second.median;
    if (s > worst) worst = s, at = &p;
  }
  if (!at) return "No point has two ok repetitions, so the run's spread between repetitions is not measured.";
  return fmt::format("Between repetitions, one point's throughput varied by up to {:.0f}% of its median ({}, {}, "
                     "level {:g}): differences smaller than that are noise on this machine.",
                     worst * 100, at->series, at->workload, at->x);
}

namespace {

std::string section_results(const PaperInput& in) {
  std::string o = "\\section{Results}\n\\subsection*{The answer}\n";
  std::vector<std::string> answers;
  for (auto& v : in.verdicts) answers.push_back(tex_text(answer_sentence(v, false)));
  o += itemize(answers) + tex_figure(in, find_plot(in.plots, "headline"));
  for (auto& v : in.verdicts) {
    o += fmt::format("\\subsection{{H{}: {}}}\n", v.id, tex_escape(v.hypothesis));
    o += tex_text(answer_sentence(v)) + "\n\n\\textit{Rule.} " + tex_escape(v.rule) + "\n\n";
    if (!v.comparisons.empty()) {
      // The paper lists the comparisons that decide; context ones are in report.html.
      Verdict deciding = v;
      std::erase_if(deciding.comparisons, [](const Comparison& c) { return !c.decides; });
      std::size_t context = v.comparisons.size() - deciding.comparisons.size();
      o += tex_table(comparison_table(deciding), "\\scriptsize", true);
      if (context)
        o += fmt::format("{} further comparison{} shown as context (not deciding) {} in report.html.\n\n", context,
                         context == 1 ? "" : "s", context == 1 ? "is" : "are");
    } else {
      std::vector<std::string> ev;
      for (auto& e : v.evidence) ev.push_back(tex_escape(e));
      o += itemize(ev);
    }
    o += tex_figure(in, hypothesis_figure(v.id, in.plots), v.id == 1 ? "0.75\\linewidth" : "0.9\\linewidth");
  }
  if (auto t = capacity_table(in.res)) {
    o += "\\subsection{Capacity within the latency objective}\nThe highest open-loop rate whose latency quantile stays "
         "within the objective, found by bisection among rates that ran neither degraded nor generator-bound.\n\n" +
         tex_table(*t, "\\footnotesize", true) +
         tex_figure(in, find_plot(in.plots, "capacity"), "0.8\\linewidth");
  }
  return o;
}

std::string section_threats(const PaperInput& in) {
  std::vector<std::string> items;
  for (auto& t : threat_items(in.res)) items.push_back(tex_text(t));
  std::string o = "\\section{Threats to validity}\n" + itemize(items);
  if (!outside_noise_measured(in.res))
    o += "Noise from outside the experiment (steal time, CPU of other processes, load average) was \\textbf{not "
         "measured} in this run: its CSV has no noise-monitor columns.\n\n";
  if (auto t = noise_table(in.res))
    o += "The noise monitor and the generator's self-check recorded, per cell:\n\n" + tex_table(*t, "\\footnotesize", true);
  return o;
}
}  // namespace

std::vector<std::string> threat_items(const Results& res) {
  const auto [degraded, failed, gen, gen_column] = results::tally(res.rows);
  std::string cores = env_value(res, "cores_online", "an unrecorded number of");
  return {
      fmt::format("**Few cores.** The machine had {} cores, shared by the server, the load generator and anything "
                  "else running: no CPU-bound speedup can exceed the core count, and the generator takes cycles from "
                  "the server it measures.", cores),
      "**Loopback.** Requests travel over the loopback interface: no network latency, loss or bandwidth limit, so "
      "absolute latencies are lower bounds of a deployment and only the comparison between models carries over.",
      gen_column ? fmt::format("**Generator on the same machine.** {} of {} cells {} flagged generator-bound (the "
                               "generator, not the server, limited them); they never decide a verdict.",
                               gen, res.rows.size(), gen == 1 ? "was" : "were")
                 : "**Generator on the same machine.** This run's CSV has no generator-bound flag, so whether the "
                   "generator limited a cell is not measured.",
      fmt::format("**Unclean cells.** {} {} failed and {} {} degraded (errors or censored requests above 1%); both "
                  "are listed in report.html and never decide a verdict.",
                  failed, failed == 1 ? "cell" : "cells", degraded, degraded == 1 ? "was" : "were"),
      "**Spread.** " + spread_sentence(res),
      "**Energy.** " + energy_sentence(res)};
}

std::string scope_text(const Results& res) {
  std::set<std::string> models, engines, workloads, peers;
  for (auto& p : res.points) {
    if (p.target == "gilbench") models.insert(p.model), engines.insert(p.engine);
    else peers.insert(p.target);
    workloads.insert(p.workload);
  }
  std::string s = fmt::format("the {} models on the {} engine{}, under the {} workload{}", join_and(models),
                              join_and(engines), engines.size() > 1 ? "s" : "", join_and(workloads), workloads.size() > 1 ? "s" : "");
  if (!peers.empty()) s += fmt::format(", beside {} other target{} ({})", peers.size(), peers.size() > 1 ? "s" : "", join_and(peers));
  return s;
}

std::vector<std::string> reproduce_commands(const Results& res) {
  std::string sha = env_value(res, "git_sha", "");
  return {sha.empty() ? "# the run recorded no git sha: use the commit it was made from" : "git checkout " + sha,
          "bash scripts/setup.sh --paper", "bash scripts/build.sh", "build/gilbench db init --db gilbench.db",
          "build/gilbench sweep " + env_value(res, "experiment_file", "experiments/<file>.toml"),
          "build/gilbench report results/<the directory the sweep printed> --paper"};
}

namespace {
std::string front_matter(const PaperInput& in) {
  const Results& res = in.res;
  std::string o =
      "\\documentclass[10pt,a4paper]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"
      "\\usepackage[margin=2.3cm]{geometry}\n\\usepackage{graphicx,booktabs,tabularx,longtable,amssymb,textcomp,caption}\n"
      "\\usepackage[hidelinks]{hyperref}\n\\setlength{\\parskip}{0.4em}\n\\setlength{\\parindent}{0pt}\n"
      "\\emergencystretch=2em\n\n";
  o += fmt::format("\\title{{Threads, async or processes? What the GIL does to a server\\\\\\large gilbench run {}}}\n"
                   "\\author{{generated by gilbench {} from {}}}\n\\date{{{}}}\n\\begin{{document}}\n\\maketitle\n\n",
                   tex_escape(in.run_name), tex_escape(env_value(res, "gilbench_version", "")),
                   tex_escape(env_value(res, "experiment_file", in.run_name)), tex_escape(env_value(res, "created_utc", "")));
  o += "\\begin{abstract}\nWe measure " + tex_escape(scope_text(res)) + " on " +
       tex_escape(env_value(res, "cpu_model", "an unrecorded CPU")) + " (" + tex_escape(env_value(res, "cores_online", "?")) +
       " cores), " + tex_escape(method_summary(res)) + " ";
  for (auto& v : in.verdicts) {
    o += fmt::format("{} (H{}): \\textbf{{{}}}", topic(v.id), v.id, tex_escape(to_string(v.outcome)));
    if (v.decisive >= 0 && v.decisive < static_cast<int>(v.comparisons.size())) {
      auto& c = v.comparisons[static_cast<std::size_t>(v.decisive)];
      o += " (" + tex_escape(estimate_text(c) + ", rule " + rule_text(c)) + ")";
    }
    o += ". ";
  }
  return o + "Every number, figure and sentence of this paper is generated from the run's results.\n\\end{abstract}\n\n";
}

std::string section_question(const PaperInput& in) {
  std::string o =
      "\\section{Question and hypotheses}\nWhich concurrency model --- a thread pool (threads), one event loop "
      "(async), pre-forked processes (procs), or an event loop handing work to a process pool (offload) --- gives the "
      "best throughput, tail latency and memory for CPU-bound and I/O-bound requests, and what does CPython's global "
      "interpreter lock (GIL) do to each? The \\emph{python} engine runs every request inside an embedded CPython "
      "interpreter, so threads contend for the real GIL; the \\emph{native} engine runs the same work in C++ on the "
      "same HTTP path and is the baseline without a GIL. The hypotheses of the original plan:\n\\begin{enumerate}\n";
  for (auto& v : in.verdicts) o += "\\item " + tex_escape(v.hypothesis) + "\n";
  return o + "\\end{enumerate}\n\n";
}

// The survey (docs/survey/survey.tex, compiled in) and a paragraph on
// where this run stands, generated: the survey's prose never states a
// result of its own.
std::string section_survey(const PaperInput& in) {
  return std::string(kSurveyTex) + "\n\\textbf{This run.} It measured " + tex_escape(scope_text(in.res)) +
         " on one machine of " + tex_escape(env_value(in.res, "cores_online", "an unrecorded number of")) +
         " cores; its answers to the hypotheses, with their intervals, are in the Results section.\n\n";
}

std::string section_setup_method(const Results& res) {
  return "\\section{Setup}\nThis run measured " + tex_escape(scope_text(res)) +
         ". Server, load generator and sampler ran on one machine; the run context, as recorded in env.json:\n\n" +
         tex_table(context_table(res), "\\footnotesize", true) +
         fmt::format(
             "\\section{{Method}}\n\\textbf{{Load.}} In the closed loop, each of $c$ connections sends its next "
             "request when the previous answer arrives; in the open loop, requests leave at a fixed rate and latency is "
             "measured from each request's intended send time, so a stalled server cannot hide (coordinated omission). "
             "Throughput counts the 2xx answers completed in the measured window; latency percentiles are over 2xx "
             "answers, from log-linear histograms with three significant digits; errors are counted by class.\n\n"
             "\\textbf{{Windows and repetitions.}} {}\n\n"
             "\\textbf{{Statistics.}} Each comparison behind a verdict is a ratio with a Student-t interval on log "
             "values (95\\%; 90\\% for an equivalence): within one run over its rounds, paired by round; over "
             "several runs, over the runs' estimates, the run being the unit of replication. Each verdict says how "
             "many runs stand behind it (``within this run'' for one). A comparison decides only when the whole "
             "interval lies on one side of the rule's threshold (inside its band for an equivalence) and each side "
             "has at least {} clean repetitions; a cell with a degraded, generator-bound or failed repetition "
             "cannot decide. The rules (version {}) are in docs/methodology.md.\n\n",
             tex_escape(method_summary(res)), kMinReps, rules::kVersion);
}

std::string section_reproduce(const PaperInput& in) {
  std::string o = "\\section{How to reproduce}\nFrom a clone of the gilbench repository, on Debian 12:\n\n"
                  "\\begin{flushleft}\\small\\ttfamily\n";
  for (auto& c : reproduce_commands(in.res)) o += tex_escape(c) + "\\\\\n";
  o += "\\end{flushleft}\n\n";
  if (env_value(in.res, "git_dirty", "false") == "true")
    o += "The working tree had uncommitted changes when this run was made, so the sha alone does not reproduce it.\n\n";
  return o + "To cite this run, give the git sha, the experiment file and the results directory (" +
         tex_escape(in.run_name) +
         "). The LaTeX sources (paper.tex, slides.tex) and every figure's gnuplot script (plots/*.gp) are beside "
         "this PDF, to edit and rebuild.\n\n";
}
}  // namespace

std::string paper_tex(const PaperInput& in) {
  return front_matter(in) + section_question(in) + section_survey(in) + section_setup_method(in.res) +
         section_results(in) + section_threats(in) + section_reproduce(in) +
         "{\\small\\bibliographystyle{plain}\n\\bibliography{survey}}\n\\end{document}\n";
}

}  // namespace gilbench::report
