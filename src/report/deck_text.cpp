// Plain text from the report's LaTeX and the survey's paragraphs (deck.h).
#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "report/deck.h"
#include "report/survey_source.h"

namespace gilbench::report {

std::string plain_text(const std::string& tex) {
  std::string s;
  std::istringstream in(tex);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("%", 0) != 0) s += line + "\n";
  static const std::vector<std::pair<std::regex, std::string>> rx = {
      {std::regex(R"([ ~]*\\cite\{[^}]*\})"), ""},
      {std::regex(R"(\\(sub)*section\*?\{[^}]*\})"), ""},
      {std::regex(R"(\$\\times\$)"), "×"},
      {std::regex(R"(\$\\leq\$)"), "≤"},
      {std::regex(R"(\$\\geq\$)"), "≥"},
      {std::regex(R"(\$\\approx\$)"), "≈"},
      {std::regex(R"(\$\\lesssim\$)"), "≲"},
      {std::regex(R"(\$\\ll\$)"), "≪"},
      {std::regex(R"(\$\\rightarrow\$)"), "→"},
      {std::regex(R"(\$\\pm\$)"), "±"},
      {std::regex(R"(\\textmu\{\})"), "µ"},
      {std::regex(R"(\\textless\{\})"), "<"},
      {std::regex(R"(\\textgreater\{\})"), ">"},
      {std::regex(R"(\\textquotesingle\{\})"), "'"},
      {std::regex(R"(\\textquotedbl\{\})"), "\""},
      {std::regex(R"(\\textbackslash\{\})"), "\\"},
      {std::regex(R"(\\allowbreak\{\})"), ""},
      {std::regex(R"(-\{\})"), "-"},
      {std::regex(R"(\\(textbf|emph|texttt|textit)\{([^{}]*)\})"), "$2"},
      {std::regex(R"(\\([%&#_{}$]))"), "$1"},
      {std::regex(R"(---)"), "—"},
      {std::regex(R"(--)"), "–"},
      {std::regex(R"(\\,|~|\\\\)"), " "},
      {std::regex(R"(\$)"), ""},
      {std::regex(R"(\s+)"), " "}};
  for (auto& [re, to] : rx) s = std::regex_replace(s, re, to);
  auto b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string_view survey_source() { return kSurveyTex; }

std::vector<SurveyPart> survey_parts(std::string_view tex) {
  std::vector<SurveyPart> parts;
  std::vector<std::string> bullets;
  std::string prose;
  bool in_part = false;
  auto close = [&] {
    if (in_part) parts.back().prose = plain_text(prose);
    in_part = false;
    prose.clear();
  };
  std::istringstream in{std::string(tex)};
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("% slide: ", 0) == 0) {
      close();
      bullets.push_back(line.substr(9));
    } else if (line.rfind("\\textbf{", 0) == 0) {
      close();
      auto end = line.find('}');
      parts.push_back({plain_text(line.substr(8, end - 8)), bullets, ""});
      bullets.clear();
      prose = line.substr(end + 1) + "\n";
      in_part = true;
    } else if (line.empty()) {
      close();
    } else if (in_part) {
      prose += line + "\n";
    }
  }
  close();
  return parts;
}

std::string talk_markdown(const std::vector<Slide>& deck, const std::vector<double>& starts, const std::string& run_name) {
  std::string o = "# Talk: gilbench run " + run_name +
                  "\n\nThe speaker script of slides.pdf, one section per slide (the same text as the slides' Beamer "
                  "notes and the subtitles of talk.mp4), generated from the run.\n";
  for (std::size_t i = 0; i < deck.size(); ++i) {
    std::string at;
    if (i < starts.size())
      at = fmt::format(" ({}:{:02})", static_cast<int>(starts[i]) / 60, static_cast<int>(starts[i]) % 60);
    o += fmt::format("\n## Slide {}: {}{}\n\n{}\n", i + 1, deck[i].title, at, deck[i].script);
  }
  return o;
}

}  // namespace gilbench::report
