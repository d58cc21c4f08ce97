// The paper (LaTeX article) and the slides (Beamer) of a run, built with
// pdflatex from Debian's texlive. Every string that comes from the data
// (series labels, workloads, paths, env.json) goes through tex_escape.
#pragma once

#include <string>
#include <vector>

#include "report/data.h"
#include "report/document.h"
#include "report/gnuplot.h"
#include "report/verdict.h"

namespace gilbench::report {

// Escapes LaTeX's special characters (\ { } $ & # ^ _ % ~), maps the
// typographic characters the report uses (– — × ≲ ≪ ≤ ≥ µ → ↔ ≈ ±) to
// LaTeX, replaces other non-ASCII by '?', and allows line breaks after
// / _ - = , . and inside long unbroken runs (paths, shas).
std::string tex_escape(const std::string& s);
// tex_escape, with **bold** turned into \textbf{}.
std::string tex_text(const std::string& s);
// A table block as a tabularx of \linewidth (long columns wrap), or as a
// longtable that may break across pages (the article's long tables).
std::string tex_table(const Block& table, const std::string& size = "\\small", bool long_table = false);

// stdout of a shell command, trailing newlines removed ("" if it cannot run).
std::string shell_output(const std::string& cmd);
// s in single quotes for /bin/sh.
std::string shell_quote(const std::string& s);

// Throws std::runtime_error with one line naming what to install when
// pdflatex or a package the documents use (beamer, lmodern, pgf) is missing.
void check_latex_tools();

// Problems in a pdflatex log: errors ("! ..." lines) and overfull boxes.
std::vector<std::string> latex_log_problems(const std::string& log_text);

// Writes <dir>/<stem>.tex, runs pdflatex twice in dir (references), and
// returns <dir>/<stem>.pdf. Throws naming the log if pdflatex fails or the
// log holds an error; an overfull box is a warning appended to `warnings`.
// With `bibtex`, bibtex runs after the first pass and pdflatex twice more;
// a citation still undefined at the end is a warning.
std::string build_pdf(const std::string& dir, const std::string& stem, const std::string& tex,
                      std::vector<std::string>& warnings, bool bibtex = false);

struct PaperInput {
  const Results& res;
  const std::vector<Verdict>& verdicts;
  const std::vector<Plot>& plots;
  std::string run_name;
  std::string out_dir;  // the .tex files are here; plot paths are made relative to it
};
// Text both documents share, generated from the data.
std::string plot_path(const PaperInput& in, const std::string& pdf);  // relative to out_dir
std::string env_value(const Results& res, const std::string& key, const std::string& fallback = "not recorded");
// "threads, async and procs x native and python x cpu iters=150000 and io wait=10ms".
std::string scope_text(const Results& res);
// Threats to validity as sentences (**bold** lead-ins): the paper's list,
// the talk's narration of its threats slide.
std::vector<std::string> threat_items(const Results& res);
// The largest spread between repetitions of one point's throughput, in words.
std::string spread_sentence(const Results& res);
// The commands that rerun this experiment from a clone at the recorded sha.
std::vector<std::string> reproduce_commands(const Results& res);

std::string paper_tex(const PaperInput& in);   // report/paper.cpp
std::string slides_tex(const PaperInput& in);  // report/slides.cpp

}  // namespace gilbench::report
