// LaTeX text from data: escaping, tables, the log check, and a document of
// every printable character compiled by pdflatex.
#include <gtest/gtest.h>

#include <vector>

#include "report/latex.h"
#include "tools.h"

namespace gilbench::report {
namespace {

TEST(Latex, EscapesEverySpecialCharacter) {
  EXPECT_EQ(tex_escape("a&b#c%d $e{f}g~h^i\\j"),
            "a\\&b\\#c\\%d \\$e\\{f\\}g\\textasciitilde{}h\\textasciicircum{}i\\textbackslash{}j");
  EXPECT_EQ(tex_escape("\"x\" 'y' `z"), "\\textquotedbl{}x\\textquotedbl{} \\textquotesingle{}y\\textquotesingle{} \\textasciigrave{}z");
  EXPECT_EQ(tex_escape("p99<50 |x>"), "p99\\textless{}50 \\textbar{}x\\textgreater{}");
  // Breaks allowed after / _ = : and after . , - before a letter, never inside a number.
  EXPECT_EQ(tex_escape("threads/python w4 si_1=2.5ms a.b"),
            "threads/\\allowbreak{}python w4 si\\_\\allowbreak{}1=\\allowbreak{}2.5ms a.\\allowbreak{}b");
  EXPECT_EQ(tex_escape("1-2"), "1-{}2");
}

TEST(Latex, MapsTypographicCharactersAndReplacesOthers) {
  EXPECT_EQ(tex_escape("1.9× (1.7–2.1)"), "1.9$\\times$ (1.7--2.1)");
  EXPECT_EQ(tex_escape("threads ≲ async ≪ procs — 5 µs ≥ 4"),
            "threads $\\lesssim$ async $\\ll$ procs --- 5 \\textmu{}s $\\geq$ 4");
  EXPECT_EQ(tex_escape("café 日本"), "caf? ??");
  EXPECT_EQ(tex_escape(">\u00a01.3x"), "\\textgreater{}~1.3x");  // a no-break space stays one
}

TEST(Latex, LongRunsGetBreakPoints) {
  // A 40-digit sha may break every 16 characters, so it cannot overfill a line.
  EXPECT_EQ(tex_escape("0123456789abcdef0123456789abcdef"),
            "0123456789abcdef\\allowbreak{}0123456789abcdef\\allowbreak{}");
}

TEST(Latex, BoldMarkupBecomesTextbf) {
  EXPECT_EQ(tex_text("**H1 — supported.** 2% & more"), "\\textbf{H1 --- supported.} 2\\% \\& more");
}

TEST(Latex, TableEscapesCellsAndWrapsLongColumns) {
  Block t{Block::table, "", 2, {"series", "value"}, {{"a_b", "1"}, {"my_app&co #1 50% and a long label here", "2"}}, "", ""};
  auto s = tex_table(t, "\\small");
  EXPECT_NE(s.find("\\begin{tabularx}{\\linewidth}{>{\\raggedright\\arraybackslash}Xl}"), std::string::npos) << s;
  EXPECT_NE(s.find("my\\_\\allowbreak{}app\\&co \\#1 50\\% and a long label here & 2 \\\\"), std::string::npos) << s;
  auto l = tex_table(t, "\\small", true);
  EXPECT_NE(l.find("\\begin{longtable}{@{}>{\\raggedright\\arraybackslash}p{"), std::string::npos) << l;
  EXPECT_NE(l.find("\\endhead"), std::string::npos);
}

TEST(Latex, LogProblemsAreErrorsAndOverfullBoxesOnly) {
  const std::string log =
      "This is pdfTeX\n(./paper.tex\nUnderfull \\hbox (badness 10000) in paragraph\n"
      "Overfull \\hbox (3.1pt too wide) in paragraph at lines 9--9\n"
      "./paper.tex:12: Undefined control sequence.\n! Emergency stop.\nLaTeX Warning: Label(s) may have changed.\n";
  std::vector<std::string> want = {"Overfull \\hbox (3.1pt too wide) in paragraph at lines 9--9",
                                   "./paper.tex:12: Undefined control sequence.", "! Emergency stop."};
  EXPECT_EQ(latex_log_problems(log), want);
}

TEST(Latex, EveryPrintableCharacterCompiles) {
  for (auto tool : {"pdflatex", "pdftotext"}) GILBENCH_REQUIRE_TOOL(tool);
  test::TempDir tmp("gilbench-latex");
  std::string ascii;  // in words of 8, so that the line can break
  for (char c = 33; c < 127; ++c) ascii += std::string(1, c) + ((c - 32) % 8 ? "" : " ");
  std::string tex = "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern,amssymb,textcomp}\n"
                    "\\begin{document}\n" + tex_escape(ascii) + "\n\n" + tex_escape("1.9× (1.7–2.1) ≲ ≪ ≤ ≥ µ → ↔ ≈ ± — ’") +
                    "\n\\end{document}\n";
  std::vector<std::string> warnings;
  auto pdf = build_pdf(tmp.path.string(), "chars", tex, warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  auto text = test::output_of("pdftotext -enc UTF-8 '" + pdf + "' -");
  // Every character comes out as itself (no ligature, no curly quote).
  EXPECT_NE(text.find(ascii), std::string::npos) << text;
  EXPECT_NE(text.find("1.9× (1.7–2.1) ≲ ≪ ≤ ≥ µ → ↔ ≈ ± — ’"), std::string::npos) << text;
}

}  // namespace
}  // namespace gilbench::report
