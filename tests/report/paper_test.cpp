// --paper: paper.pdf and slides.pdf built with pdflatex from the paper
// fixture (tests/fixtures/paper, made by its make_fixture.py), checked as a
// reader would: page counts, the verdict sentences and figure captions in
// the text, and a log without errors or overfull boxes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <regex>
#include <set>
#include <sstream>

#include "report/latex.h"
#include "report/report.h"
#include "tools.h"

namespace gilbench::report {
namespace {

namespace fs = std::filesystem;
using test::output_of;
using test::kPaperFixture;
using test::slurp;

// Text as pdftotext gives it, with what typesetting changes taken out:
// whitespace (line breaks), hyphens and dashes (hyphenation, -- vs –),
// typographic quotes and ligatures.
std::string normalise(const std::string& s) {
  static const std::vector<std::pair<std::string, std::string>> map = {
      {"\xE2\x80\x93", ""}, {"\xE2\x80\x94", ""}, {"\xC2\xAD", ""},  {"\xE2\x80\x99", "'"}, {"\xE2\x80\x98", "'"},
      {"\xEF\xAC\x80", "ff"}, {"\xEF\xAC\x81", "fi"}, {"\xEF\xAC\x82", "fl"}, {"\xEF\xAC\x83", "ffi"}, {"\xEF\xAC\x84", "ffl"}};
  std::string o;
  for (std::size_t i = 0; i < s.size();) {
    bool mapped = false;
    for (auto& [from, to] : map)
      if (s.compare(i, from.size(), from) == 0) {
        o += to;
        i += from.size();
        mapped = true;
        break;
      }
    if (mapped) continue;
    char c = s[i++];
    if (!std::isspace(static_cast<unsigned char>(c)) && c != '-') o += c;
  }
  return o;
}

int pages(const std::string& pdf) {
  auto info = output_of("pdfinfo '" + pdf + "'");
  auto p = info.find("Pages:");
  return p == std::string::npos ? -1 : std::atoi(info.c_str() + p + 6);
}

// The answer as the documents print it: the sentence without its markup.
std::string answer_text(const Verdict& v) {
  std::string word = to_string(v.outcome) + (v.outcome == Outcome::not_measured ? "" : " " + scope_of(v));
  return fmt::format("H{} {}. {}", v.id, word, v.answer);
}

void expect_clean_log(const std::string& log_path) {
  auto log = slurp(log_path);
  ASSERT_FALSE(log.empty()) << log_path;
  EXPECT_TRUE(latex_log_problems(log).empty()) << log_path << ": " << latex_log_problems(log).front();
  for (auto bad : {"Overfull \\hbox", "Overfull \\vbox", "LaTeX Error", "Undefined control sequence", "Missing character"})
    EXPECT_EQ(log.find(bad), std::string::npos) << log_path << " has " << bad;
}

// The survey (before the setup) cites at least 10 distinct entries, bibtex
// resolved every one of them, and no citation is left undefined.
void expect_survey_cites_ten_sources(const fs::path& out) {
  const std::string tex = slurp(out / "paper.tex");
  const auto b = tex.find("\\section{Background"), e = tex.find("\\section{Setup}");
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  ASSERT_LT(b, e) << "the survey comes before the setup";
  std::set<std::string> keys;
  static const std::regex cite(R"(\\cite\{([^}]*)\})");
  const std::string survey = tex.substr(b, e - b);
  for (std::sregex_iterator it(survey.begin(), survey.end(), cite), end; it != end; ++it) {
    std::stringstream ks((*it)[1].str());
    for (std::string k; std::getline(ks, k, ',');) keys.insert(k);
  }
  EXPECT_GE(keys.size(), 10u);
  const std::string bbl = slurp(out / "paper.bbl");
  for (auto& k : keys) EXPECT_NE(bbl.find("\\bibitem{" + k + "}"), std::string::npos) << k << " not in paper.bbl";
  const std::string log = slurp(out / "paper.log");
  EXPECT_EQ(log.find("Citation `"), std::string::npos) << "an undefined citation in paper.log";
  EXPECT_EQ(log.find("There were undefined references"), std::string::npos);
}

TEST(Paper, PaperAndSlidesCarryTheVerdictsAndCaptionsWithACleanLog) {
  for (auto tool : {"pdflatex", "pdfinfo", "pdftotext"}) GILBENCH_REQUIRE_TOOL(tool);
  test::TempDir tmp("gilbench-paper");
  const fs::path out = tmp.path / "out";
  ReportOptions o{kPaperFixture, out.string(), true, true};
  auto r = write_report(o);
  for (auto& w : r.warnings) ADD_FAILURE() << w;
  ASSERT_EQ(r.paper_path, (out / "paper.pdf").string());
  ASSERT_EQ(r.slides_path, (out / "slides.pdf").string());
  // The sources stay beside the PDFs, with the vector figures they include.
  for (auto f : {"paper.tex", "slides.tex", "plots/headline.pdf", "plots/gil.pdf", "plots/memory.pdf", "plots/capacity.pdf"})
    EXPECT_TRUE(fs::exists(out / f)) << f;

  const int paper_pages = pages(r.paper_path), slide_pages = pages(r.slides_path);
  EXPECT_GE(paper_pages, 4);
  EXPECT_LE(paper_pages, 10);  // 9 for the fixture: the survey and references add about a page and a half
  // Title, question, 5 of the survey, setup, method, at a glance, H1-H3,
  // capacity, memory and energy, threats, answer, reproduce.
  EXPECT_EQ(slide_pages, 18);

  const std::string paper = normalise(output_of("pdftotext -enc UTF-8 '" + r.paper_path + "' -"));
  const std::string slides = normalise(output_of("pdftotext -enc UTF-8 '" + r.slides_path + "' -"));
  ASSERT_EQ(r.verdicts.size(), 3u);
  for (auto& v : r.verdicts) {
    EXPECT_NE(paper.find(normalise(answer_text(v))), std::string::npos) << "paper lacks: " << answer_text(v);
    EXPECT_NE(slides.find(normalise(answer_text(v))), std::string::npos) << "slides lack: " << answer_text(v);
  }
  for (auto caption : {"Figure 1: At a glance: CPU-bound scaling (H1), I/O-bound tail latency (H2), memory (H3)",
                       "The GIL: speedup of threads+python, threads+native and procs+python against the axis of each panel",
                       "Latency p50 / p95 / p99 in ms against concurrency: io wait=10ms",
                       "Memory per series: median peak PSS (bar) and RSS (cross) of the whole process tree",
                       "Which model carries the most traffic within the latency objective (p99<=50ms)"})
    EXPECT_NE(paper.find(normalise(caption)), std::string::npos) << "paper lacks caption: " << caption;
  for (auto section : {"Abstract", "Question and hypotheses", "Background: the GIL and the models", "Setup", "Method",
                       "Results", "Threats to validity", "How to reproduce", "References"})
    EXPECT_NE(paper.find(normalise(section)), std::string::npos) << section;
  // Generated from the data: the run's sha, experiment file, seed, noise
  // figures, and a target name full of LaTeX's special characters.
  for (auto fact : {"git checkout 0123456789abcdef0123456789abcdef01234567", "experiments/paper_fixture.toml",
                    "seed 4242", "noise_other_cpu_pct", "my_app&co_#1 50%", "1 cell failed and 1 was degraded",
                    "1 of 270 cells was flagged generator-bound"})
    EXPECT_NE(paper.find(normalise(fact)), std::string::npos) << fact;
  expect_survey_cites_ten_sources(out);
  expect_clean_log((out / "paper.log").string());
  expect_clean_log((out / "slides.log").string());
}

TEST(Paper, WithoutPdflatexFailsFirstWithOneLineNamingWhatToInstall) {
  test::TempDir tmp("gilbench-nopdflatex");
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", (tmp.path / "empty").string().c_str(), 1);
  std::string what;
  try {
    write_report({kPaperFixture, (tmp.path / "out").string(), true, true});
  } catch (const std::runtime_error& e) {
    what = e.what();
  }
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(what,
            "--paper needs pdflatex with beamer and lmodern (pdflatex not found): run `bash scripts/setup.sh --paper` "
            "(Debian packages texlive-latex-recommended texlive-pictures texlive-fonts-recommended lmodern)");
  EXPECT_FALSE(fs::exists(tmp.path / "out" / "plots")) << "the check must come before any work";
}

}  // namespace
}  // namespace gilbench::report
