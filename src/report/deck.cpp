// slide_deck(): the frames of slides.pdf with their speaker scripts.
#include <fmt/format.h>

#include "report/deck.h"
#include "report/plots.h"
#include "report/sections.h"
#include "report/survey_source.h"
#include "report/verdict_energy.h"

namespace gilbench::report {

namespace {
std::string itemize(const std::vector<std::string>& items, const std::string& size = "\\small") {
  std::string o = size + "\n\\begin{itemize}\n";
  for (auto& i : items) o += "\\item " + i + "\n";
  return o + "\\end{itemize}\n";
}

std::string figure_body(const PaperInput& in, const Plot* p, const std::string& text) {
  std::string body;
  if (p && !p->slide_pdf_path.empty())
    body += "\\centering\n\\includegraphics[width=\\linewidth,height=0.6\\textheight,keepaspectratio]{" +
            plot_path(in, p->slide_pdf_path) + "}\n\n{\\scriptsize\\textit{" + tex_escape(p->title) +
            "}}\n\n\\raggedright\n";
  return body + "\\footnotesize " + text + "\n";
}

// `s` ending in exactly one period, and a space: scripts join sentences
// that may or may not end in one.
std::string sentence(std::string s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  return s.empty() ? s : s + ". ";
}

std::string caption(const Plot* p) { return p ? sentence("The figure: " + p->title) : ""; }

// A section of the paper (from its \section{title} to the next) as plain
// text: the talk says what the paper says, whoever edits the paper.
std::string paper_section(const std::string& paper, const std::string& title) {
  auto b = paper.find("\\section{" + title + "}");
  if (b == std::string::npos) return "";
  auto e = paper.find("\\section{", b + 9);
  return plain_text(paper.substr(b, e == std::string::npos ? std::string::npos : e - b));
}

std::string topic(int id) { return id == 1 ? "CPU-bound" : id == 2 ? "I/O-bound" : id == 3 ? "memory" : "energy"; }

Slide title_slide(const PaperInput& in) {
  const Results& res = in.res;
  return {"Threads, async or processes?", "\\titlepage\n",
          fmt::format("Threads, async or processes? What the GIL does to a server: gilbench run {}, on {} with {} "
                      "cores. Every number and sentence of this talk was generated from that run's results. First "
                      "the background, then the method, each hypothesis with its figure and verdict, the threats to "
                      "validity, and what to take away.",
                      in.run_name, env_value(res, "cpu_model", "an unrecorded CPU"),
                      env_value(res, "cores_online", "an unrecorded number of"))};
}

Slide question_slide(const PaperInput& in) {
  std::vector<std::string> items;
  std::string script = "The question: which concurrency model, a thread pool, one event loop, pre-forked processes, or "
                       "an event loop handing work to a process pool, serves CPU-bound and I/O-bound requests best, "
                       "and what does Python's GIL do to each? The plan behind this study states three hypotheses. ";
  for (auto& v : in.verdicts) {
    items.push_back(fmt::format("H{}: {}", v.id, tex_escape(v.hypothesis)));
    script += sentence(fmt::format("H{}, {}", v.id, v.hypothesis));
  }
  script += "Each has a rule, written before the run, that decides it from the measurements.";
  return {"The question",
          "Which concurrency model serves CPU-bound and I/O-bound requests best, and what does Python's GIL do to "
          "each?\n" + itemize(items),
          script};
}

std::vector<Slide> survey_slides() {
  std::vector<Slide> out;
  for (auto& p : survey_parts(kSurveyTex)) {
    std::vector<std::string> items;
    for (auto& b : p.bullets) items.push_back(tex_escape(b));
    std::string title = p.title;
    if (!title.empty() && title.back() == '.') title.pop_back();
    out.push_back({"Background: " + title, itemize(items), p.title + " " + p.prose});
  }
  return out;
}

Slide setup_slide(const PaperInput& in) {
  const Results& res = in.res;
  auto ctx = table({"setup", ""});
  ctx.rows = {{"measured", scope_text(res)},
              {"machine", env_value(res, "cpu_model") + ", " + env_value(res, "cores_online", "?") + " cores"},
              {"method", method_summary(res)},
              {"engines", "python: embedded CPython (real GIL); native: the same work in C++ (no GIL)"},
              {"git sha", env_value(res, "git_sha")}};
  return {"Setup", tex_table(ctx, "\\footnotesize"),
          fmt::format("The setup. This run measured {}. The server, the load generator and the sampler ran on one "
                      "machine: {}, {} cores, kernel {}. The python engine runs every request inside an embedded "
                      "CPython interpreter, so threads contend for the real GIL; the native engine runs the same "
                      "work in C++ on the same HTTP path, the baseline without a GIL.",
                      scope_text(res), env_value(res, "cpu_model"), env_value(res, "cores_online", "?"),
                      env_value(res, "kernel"))};
}

Slide method_slide(const std::string& paper) {
  return {"Method",
          itemize({"Closed loop: $c$ connections, each sends when its answer arrives",
                   "Open loop: a fixed rate; latency from each request's intended send time",
                   "Throughput: 2xx answers completed in the measured window",
                   "Verdicts: ratios of medians with 95\\% bootstrap intervals against each rule's threshold",
                   "Degraded, generator-bound and failed repetitions never decide"}),
          paper_section(paper, "Method")};
}

Slide glance_slide(const PaperInput& in) {
  const Plot* p = find_plot(in.plots, "headline");
  return {"At a glance", figure_body(in, p, "One panel per hypothesis; colours are models, dashed lines the python engine."),
          caption(p) + "One panel per hypothesis. Colours are the models: threads blue, async green, procs "
                       "vermillion, offload pink; dashed lines and open points are the python engine, solid lines "
                       "the native one. A black cross marks a point whose repetitions were not all clean."};
}

// The answer with its decisive number (and why, if inconclusive) and the
// figure; the rule is in the paper, whose table lists every comparison.
Slide hypothesis_slide(const PaperInput& in, const Verdict& v) {
  const Plot* p = hypothesis_figure(v.id, in.plots);
  return {fmt::format("H{}, {}: {} {}", v.id, topic(v.id), to_string(v.outcome), scope_of(v)),
          figure_body(in, p, tex_text(answer_sentence(v, false))),
          sentence(fmt::format("Hypothesis {}, {}", v.id, topic(v.id))) + sentence(answer_sentence(v)) + caption(p) +
              "The rule and every comparison are in the paper."};
}

Slide memory_energy_slide(const PaperInput& in) {
  const Results& res = in.res;
  auto ev = verdict_energy(res.points, energy_not_measured_reason(res));
  std::string faults;
  double most = -1;
  for (auto& pt : res.points)
    if (auto f = pt.get("minflt_per_req"); f && *f > most) {
      most = *f;
      faults = fmt::format("The most minor page faults per answer, {}, were {} on {} at level {}. ", fmt_num(*f),
                           pt.series, pt.workload, fmt_num(pt.x));
    }
  if (faults.empty()) faults = "Page faults were not recorded in this run's CSV. ";
  return {"Memory, page faults and energy",
          figure_body(in, find_plot(in.plots, "memory"),
                      ev.outcome == Outcome::not_measured
                          ? "Energy: \\textbf{not measured} here; CPU-seconds per answer are the stated proxy."
                          : "Energy (RAPL, whole machine): the plan's hypothesis is \\textbf{" + to_string(ev.outcome) + "}."),
          "Memory, page faults and energy. " + caption(find_plot(in.plots, "memory")) +
              "Memory is the peak, over the measured window, of the sum over the server's process tree; PSS shares "
              "pages fairly between forked processes. " + faults + sentence(energy_sentence(res)) +
              sentence(answer_sentence(ev))};
}

// Bullets: each threat's lead and its first clause (up to a colon,
// semicolon or parenthesis), which carries its number.
Slide threats_slide(const Results& res) {
  std::vector<std::string> items;
  std::string script = "How far to trust this. ";
  for (auto& t : threat_items(res)) {
    std::string lead, rest;
    for (auto& [run, bold] : bold_runs(t)) (bold && lead.empty() ? lead : rest) += run;
    // Energy was said on the memory slide.
    if (lead.rfind("Energy", 0) != 0) script += sentence(lead + rest);
    std::string first = rest.substr(0, rest.find_first_of(":;("));
    while (!first.empty() && (first.back() == ' ' || first.back() == '.' || first.back() == ',')) first.pop_back();
    items.push_back("\\textbf{" + tex_escape(lead) + "}" + tex_escape(first));
  }
  return {"Threats to validity", itemize(items), script};
}

// The slide shows each answer; the script says the verdicts (their numbers
// were said on the hypotheses' slides) and how to read them.
Slide answer_slide(const PaperInput& in) {
  std::string items = "\\begin{itemize}\n", script = "What to take away. ";
  for (auto& v : in.verdicts) {
    items += "\\item " + tex_text(answer_sentence(v, false)) + "\n";
    script += sentence(fmt::format("Hypothesis {}, {}: {}, {}", v.id, topic(v.id), to_string(v.outcome), scope_of(v)));
  }
  script += "These are ratios measured on one machine: compare models against each other, not these absolute "
            "numbers against another machine. A verdict within one run is not a replication: combine runs for one.";
  return {"The answer", "\\footnotesize\n" + items + "\\end{itemize}\n", script};
}

Slide reproduce_slide(const Results& res) {
  std::string cmds = "\\begin{flushleft}\\footnotesize\\ttfamily\n";
  for (auto& c : reproduce_commands(res)) cmds += tex_escape(c) + "\\\\\n";
  return {"Reproduce", cmds + "\\end{flushleft}\n",
          fmt::format("To reproduce this run: check out the commit it was made from, {}, install the packages and "
                      "build, create the store, sweep the experiment file {}, and write the report with the paper; "
                      "the talk option makes this video. A rerun measures again: expect the spread the threats slide "
                      "reported, not identical numbers. Thank you.",
                      env_value(res, "git_sha").substr(0, 7), env_value(res, "experiment_file"))};
}
}  // namespace

std::vector<Slide> slide_deck(const PaperInput& in) {
  const std::string paper = paper_tex(in);
  std::vector<Slide> d = {title_slide(in), question_slide(in)};
  for (auto& s : survey_slides()) d.push_back(s);
  d.push_back(setup_slide(in));
  d.push_back(method_slide(paper));
  if (find_plot(in.plots, "headline")) d.push_back(glance_slide(in));
  for (auto& v : in.verdicts) d.push_back(hypothesis_slide(in, v));
  if (auto t = capacity_table(in.res)) {
    std::string script = "Capacity within the latency objective: the highest open-loop rate each series carries "
                         "while its latency quantile stays within the objective, found by bisection. ";
    int said = 0;  // the first four found: the table has them all
    for (auto& r : t->rows)
      if (r.size() >= 7 && r[6] == "found" && said++ < 4)
        script += fmt::format("{} carries {} requests per second on {}. ", r[0], r[3], r[1]);
    d.push_back({"Capacity within the latency objective",
                 figure_body(in, find_plot(in.plots, "capacity"),
                             "The highest rate each model carries within the objective (open loop, bisection)."),
                 script});
  }
  d.push_back(memory_energy_slide(in));
  d.push_back(threats_slide(in.res));
  d.push_back(answer_slide(in));
  d.push_back(reproduce_slide(in.res));
  return d;
}

}  // namespace gilbench::report
