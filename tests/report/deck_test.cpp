// The survey's paragraphs as the talk reads them, and the report's LaTeX
// turned back into the text a listener hears.
#include "report/deck.h"

#include <gtest/gtest.h>

namespace gilbench::report {
namespace {

TEST(Deck, SurveyParagraphsBecomeSlidesWithBulletsAndProse) {
  auto parts = survey_parts(survey_source());
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(parts[0].title, "What the GIL protects.");
  EXPECT_EQ(parts[4].title, "Earlier measurements.");
  for (auto& p : parts) {
    EXPECT_GE(p.bullets.size(), 3u) << p.title;
    EXPECT_EQ(p.prose.find('\\'), std::string::npos) << p.prose;
    EXPECT_EQ(p.prose.find("cite"), std::string::npos) << p.prose;
    // About a minute of speech each (espeak-ng at 160 words per minute).
    const auto words = std::count(p.prose.begin(), p.prose.end(), ' ') + 1;
    EXPECT_GE(words, 80) << p.title;
    EXPECT_LE(words, 200) << p.title;
  }
  EXPECT_NE(parts[0].prose.find("(5 ms by default, set with sys.setswitchinterval)"), std::string::npos);
}

TEST(Deck, PlainTextUndoesTheReportsLatex) {
  EXPECT_EQ(plain_text("\\textbf{Load.} In the closed loop, each of $c$ connections --- 95\\% \\cite{x}."),
            "Load. In the closed loop, each of c connections — 95%.");
  EXPECT_EQ(plain_text(tex_escape("my_app&co_#1 50% <= 2×")), "my_app&co_#1 50% <= 2×");
  EXPECT_EQ(plain_text("% a comment\n\\section{Method}\nPython~3.2, 5\\,ms"), "Python 3.2, 5 ms");
}

}  // namespace
}  // namespace gilbench::report
