#include "report/latex.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace gilbench::report {

namespace fs = std::filesystem;

namespace {
// The typographic characters the report's text uses, in LaTeX.
const std::vector<std::pair<std::string, std::string>> kUnicode = {
    {"–", "--"},          {"—", "---"},          {"×", "$\\times$"}, {"≲", "$\\lesssim$"},
    {"≪", "$\\ll$"},      {"≤", "$\\leq$"},      {"≥", "$\\geq$"},   {"µ", "\\textmu{}"},
    {"→", "$\\rightarrow$"}, {"↔", "$\\leftrightarrow$"}, {"≈", "$\\approx$"}, {"±", "$\\pm$"},
    {"\u00a0", "~"},     {"’", "'"},           {"‘", "`"},            {"“", "``"},        {"”", "''"}};

// A line may break after / _ = : inside a string, and after . , - when a
// letter follows (so never inside a number such as 2.10 or 1-2).
bool breaks_after(const std::string& s, std::size_t i) {
  if (i + 1 >= s.size()) return false;
  char c = s[i], next = s[i + 1];
  if (c == '/' || c == '_' || c == '=' || c == ':') return true;
  return (c == '.' || c == ',' || c == '-') && std::isalpha(static_cast<unsigned char>(next));
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

std::string shell_output(const std::string& cmd) {
  std::string out;
  if (FILE* f = ::popen(cmd.c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, f)) out += buf;
    ::pclose(f);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return o + "'";
}

std::string tex_escape(const std::string& s) {
  std::string o;
  int run_len = 0;  // characters since the last possible break
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      bool done = false;
      for (auto& [u, t] : kUnicode)
        if (s.compare(i, u.size(), u) == 0) {
          o += t;
          i += u.size();
          done = true;
          break;
        }
      if (!done) {  // an unmapped character: skip its UTF-8 sequence
        o += '?';
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
      }
      run_len = 0;
      continue;
    }
    switch (c) {
      case '\\': o += "\\textbackslash{}"; break;
      case '{': o += "\\{"; break;
      case '}': o += "\\}"; break;
      case '$': o += "\\$"; break;
      case '&': o += "\\&"; break;
      case '#': o += "\\#"; break;
      case '^': o += "\\textasciicircum{}"; break;
      case '_': o += "\\_"; break;
      case '%': o += "\\%"; break;
      case '~': o += "\\textasciitilde{}"; break;
      case '<': o += "\\textless{}"; break;
      case '>': o += "\\textgreater{}"; break;
      case '|': o += "\\textbar{}"; break;
      case '"': o += "\\textquotedbl{}"; break;
      case '\'': o += "\\textquotesingle{}"; break;
      case '`': o += "\\textasciigrave{}"; break;
      case '-': o += "-{}"; break;  // no -- ligature from data
      default: o += static_cast<char>(c);
    }
    ++i;
    if (c == ' ') run_len = 0;
    else if (breaks_after(s, i - 1) || ++run_len >= 16) {
      o += "\\allowbreak{}";
      run_len = 0;
    }
  }
  return o;
}

std::string tex_text(const std::string& s) {
  std::string o;
  for (auto& [run, bold] : bold_runs(s)) o += bold ? "\\textbf{" + tex_escape(run) + "}" : tex_escape(run);
  return o;
}

std::string tex_table(const Block& t, const std::string& size, bool long_table) {
  // Columns are set at their natural width (l) while they fit; the widest
  // ones wrap until the rest fits the line (about 85 characters at
  // \footnotesize, less the column gaps).
  const std::size_t n = t.header.size();
  std::vector<std::size_t> width(n, 0);
  std::vector<bool> wraps(n, false);
  for (std::size_t c = 0; c < n; ++c) {
    width[c] = t.header[c].size();
    for (auto& r : t.rows)
      if (c < r.size()) width[c] = std::max(width[c], r[c].size());
  }
  const std::size_t budget = 85 > 3 * n ? 85 - 3 * n : 10;
  for (;;) {
    std::size_t fixed = 0, widest = n;
    for (std::size_t c = 0; c < n; ++c)
      if (!wraps[c]) {
        fixed += width[c];
        if (widest == n || width[c] > width[widest]) widest = c;
      }
    if (widest == n || (fixed <= budget && std::count(wraps.begin(), wraps.end(), true) > 0)) break;
    wraps[widest] = true;
  }
  std::string head;
  for (std::size_t c = 0; c < n; ++c) head += (c ? " & " : "") + tex_escape(t.header[c]);
  head += " \\\\\n";
  std::string body;
  for (auto& r : t.rows) {
    for (std::size_t c = 0; c < n; ++c) body += (c ? " & " : "") + (c < r.size() ? tex_text(r[c]) : "");
    body += " \\\\\n";
  }
  std::string spec;
  if (!long_table) {
    for (bool w : wraps) spec += w ? ">{\\raggedright\\arraybackslash}X" : "l";
    return size + "\n\\begin{tabularx}{\\linewidth}{" + spec + "}\n\\toprule\n" + head + "\\midrule\n" + body +
           "\\bottomrule\n\\end{tabularx}\n\\normalsize\n";
  }
  // longtable breaks across pages but has no X columns: the wrapping
  // columns share what the others leave, estimating a \footnotesize
  // character at 5 pt (a little over its
  // average, so that an estimate short of the truth cannot overfill the line).
  double fixed_pt = 0, weights = 0;
  for (std::size_t c = 0; c < n; ++c)
    if (wraps[c]) weights += static_cast<double>(std::min<std::size_t>(width[c], 60));
    else fixed_pt += 5.0 * static_cast<double>(width[c]);
  for (std::size_t c = 0; c < n; ++c)
    spec += wraps[c] ? fmt::format(">{{\\raggedright\\arraybackslash}}p{{\\dimexpr(\\linewidth-{:.0f}pt-{}\\tabcolsep)*{}/1000\\relax}}",
                                   fixed_pt, 2 * (n - 1),
                                   static_cast<int>(1000 * static_cast<double>(std::min<std::size_t>(width[c], 60)) / weights))
                     : "l";
  return size + "\n\\begin{longtable}{@{}" + spec + "@{}}\n\\toprule\n" + head + "\\midrule\n\\endhead\n" + body +
         "\\bottomrule\n\\end{longtable}\n\\normalsize\n";
}

void check_latex_tools() {
  std::vector<std::string> missing;
  if (shell_output("command -v pdflatex").empty()) missing.push_back("pdflatex");
  if (missing.empty() && shell_output("command -v bibtex").empty()) missing.push_back("bibtex");
  for (auto f : {"beamer.cls", "pgfcore.sty", "lmodern.sty", "booktabs.sty", "tabularx.sty", "amssymb.sty"})
    if (missing.empty() && shell_output(std::string("kpsewhich ") + f).empty()) missing.push_back(f);
  if (missing.empty()) return;
  std::string what;
  for (auto& m : missing) what += (what.empty() ? "" : ", ") + m;
  throw std::runtime_error(fmt::format(
      "--paper needs pdflatex with beamer and lmodern ({} not found): run `bash scripts/setup.sh --paper` (Debian "
      "packages texlive-latex-recommended texlive-pictures texlive-fonts-recommended lmodern)", what));
}

std::vector<std::string> latex_log_problems(const std::string& log) {
  std::vector<std::string> out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    bool file_line_error = line.find(".tex:") != std::string::npos && line.find(": ") != std::string::npos &&
                           line.find("Warning") == std::string::npos;
    if (line.rfind("! ", 0) == 0 || line.rfind("Overfull \\", 0) == 0 || (file_line_error && line.rfind("./", 0) == 0))
      out.push_back(line);
  }
  return out;
}

namespace {
// bibtex on <stem>.aux; exit status 1 is warnings only (e.g. an entry
// without a year), 2 and above an error.
void run_bibtex(const std::string& dir, const std::string& stem) {
  const int rc = std::system(fmt::format("cd {} && bibtex {} >/dev/null 2>&1", shell_quote(dir), shell_quote(stem)).c_str());
  if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) >= 2)
    throw std::runtime_error(fmt::format("bibtex failed on {}/{}.aux (see {}/{}.blg)", dir, stem, dir, stem));
}

void undefined_citations(const std::string& log, const std::string& stem, std::vector<std::string>& warnings) {
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.find("Citation `") != std::string::npos && line.find("undefined") != std::string::npos)
      warnings.push_back(stem + ": " + line);
}
}  // namespace

std::string build_pdf(const std::string& dir, const std::string& stem, const std::string& tex,
                      std::vector<std::string>& warnings, bool bibtex) {
  const std::string tex_path = dir + "/" + stem + ".tex", log_path = dir + "/" + stem + ".log";
  {
    std::ofstream out(tex_path, std::ios::trunc);
    out << tex;
    if (!out) throw std::runtime_error("cannot write " + tex_path);
  }
  const std::string cmd = fmt::format(
      "cd {} && pdflatex -interaction=nonstopmode -halt-on-error -file-line-error {} >/dev/null 2>&1", shell_quote(dir),
      shell_quote(stem + ".tex"));
  const int passes = bibtex ? 3 : 2;
  for (int pass = 0; pass < passes; ++pass) {
    if (bibtex && pass == 1) run_bibtex(dir, stem);
    int rc = std::system(cmd.c_str());
    auto problems = latex_log_problems(slurp(log_path));
    std::string first_error;
    for (auto& p : problems)
      if (p.rfind("Overfull", 0) != 0) {
        first_error = p;
        break;
      }
    if (rc != 0 || !first_error.empty())
      throw std::runtime_error(fmt::format("pdflatex failed on {}: {} (see {})", tex_path,
                                           first_error.empty() ? "exit status " + std::to_string(rc) : first_error, log_path));
    if (pass == passes - 1) {
      for (auto& p : problems) warnings.push_back(fmt::format("{}: {} (see {})", stem, p, log_path));
      undefined_citations(slurp(log_path), stem, warnings);
    }
  }
  return dir + "/" + stem + ".pdf";
}

}  // namespace gilbench::report
