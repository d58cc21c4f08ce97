// The slides of a run as data: each frame's title, its LaTeX body and its
// speaker script (about a minute of narration). slides.tex renders the
// frames with the scripts as Beamer notes; the talk speaks the scripts over
// the frames' images. The scripts are built from the paper's own sentences
// (answers, rules, method, threats, the survey's prose), so a change to
// one changes the other.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/latex.h"

namespace gilbench::report {

struct Slide {
  std::string title;   // plain text (escaped when rendered)
  std::string body;    // LaTeX
  std::string script;  // plain text, as the subtitles show it
};
std::vector<Slide> slide_deck(const PaperInput& in);

// One paragraph of docs/survey/survey.tex: its \textbf{Title.}, its
// "% slide:" bullets, and its prose without LaTeX and citations.
struct SurveyPart {
  std::string title;
  std::vector<std::string> bullets;
  std::string prose;
};
std::vector<SurveyPart> survey_parts(std::string_view tex);
// docs/survey/survey.tex as compiled into the binary.
std::string_view survey_source();

// LaTeX the report writes (and the survey's prose) as plain text: commands
// that only format dropped, tex_escape's spellings turned back, citations
// and comments removed, whitespace collapsed.
std::string plain_text(const std::string& tex);

// talk.md: per slide its number, title, time in the film and script.
std::string talk_markdown(const std::vector<Slide>& deck, const std::vector<double>& starts, const std::string& run_name);

}  // namespace gilbench::report
