// --talk on the paper fixture: talk.mp4 checked with ffprobe as a player
// would see it (a video, an audio and a subtitle stream, 10-15 minutes,
// one chapter per slide), and each hypothesis slide's subtitles and spoken
// text holding its decisive number and interval.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <sstream>

#include "report/compare.h"
#include "report/report.h"
#include "report/talk.h"
#include "tools.h"

namespace gilbench::report {
namespace {

namespace fs = std::filesystem;
using test::output_of;
using test::slurp;

struct Chapter {
  double start = 0, end = 0;
  std::string title;
};

std::vector<Chapter> chapters(const std::string& mp4) {
  std::vector<Chapter> out;
  std::istringstream in(output_of("ffprobe -v error -show_entries chapter=start_time,end_time:chapter_tags=title "
                                  "-of csv=p=0 '" + mp4 + "'"));
  for (std::string line; std::getline(in, line);) {
    auto a = line.find(','), b = line.find(',', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string title = line.substr(b + 1);  // csv quotes a title that holds a comma
    if (title.size() >= 2 && title.front() == '"' && title.back() == '"') title = title.substr(1, title.size() - 2);
    out.push_back({std::stod(line.substr(0, a)), std::stod(line.substr(a + 1, b - a - 1)), title});
  }
  return out;
}

// The subtitle text shown between `from` and `to` (cue starts), joined.
std::string subtitles(const std::string& srt, double from, double to) {
  std::istringstream in(srt);
  std::string text, line;
  while (std::getline(in, line)) {
    auto arrow = line.find(" --> ");
    if (arrow == std::string::npos) continue;
    int h, m, s, ms;
    std::sscanf(line.c_str(), "%d:%d:%d,%d", &h, &m, &s, &ms);
    const double at = h * 3600 + m * 60 + s + ms / 1000.0;
    std::string cue;
    while (std::getline(in, line) && !line.empty()) cue += line + " ";
    if (at >= from - 1e-3 && at < to - 1e-3) text += cue;
  }
  return text;
}

TEST(Talk, FilmOfTenToFifteenMinutesWithAChapterPerSlideSubtitlesAndTheDecisiveNumbers) {
  for (auto tool : {"pdflatex", "pdfinfo", "pdftoppm", "espeak-ng", "ffmpeg", "ffprobe"}) GILBENCH_REQUIRE_TOOL(tool);
  test::TempDir tmp("gilbench-talk");
  const fs::path out = tmp.path / "out";
  // A relative output directory, as `TALK=1 scripts/run.sh` passes one:
  // ffmpeg reads the paths in the concat list relative to the list itself.
  struct Cwd {
    fs::path was = fs::current_path();
    ~Cwd() { fs::current_path(was); }
  } cwd;
  fs::current_path(tmp.path);
  ReportOptions o{test::kPaperFixture, "out", true, true, {}, true};
  const auto t0 = std::chrono::steady_clock::now();
  auto r = write_report(o);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << fmt::format("report --talk took {:.1f} s for a film of {:.1f} s\n", took, r.talk_seconds);
  for (auto& w : r.warnings) ADD_FAILURE() << w;
  ASSERT_EQ(fs::absolute(r.talk_path), out / "talk.mp4");
  for (auto f : {"talk.srt", "talk.md", "talk/narration.wav"}) EXPECT_TRUE(fs::exists(out / f)) << f;

  // One stream of each kind; MP4 keeps its chapters in a further data
  // (text) track, which players show as chapters.
  EXPECT_EQ(output_of("ffprobe -v error -show_entries stream=codec_type -of csv=p=0 '" + r.talk_path + "'"),
            "video\naudio\nsubtitle\ndata\n");
  EXPECT_EQ(output_of("ffprobe -v error -show_entries stream=codec_name -of csv=p=0 '" + r.talk_path + "'"),
            "h264\naac\nmov_text\nbin_data\n");
  const double duration =
      std::stod(output_of("ffprobe -v error -show_entries format=duration -of csv=p=0 '" + r.talk_path + "'"));
  EXPECT_GE(duration, 600);
  EXPECT_LE(duration, 900);
  const auto info = output_of("pdfinfo '" + r.slides_path + "'");
  const int slides = std::atoi(info.c_str() + info.find("Pages:") + 6);
  const auto chs = chapters(r.talk_path);
  ASSERT_EQ(static_cast<int>(chs.size()), slides);
  // The subtitle track in the film is talk.srt.
  const std::string srt = slurp(out / "talk.srt");
  const auto muxed = output_of("ffmpeg -v error -i '" + r.talk_path + "' -map 0:s:0 -f srt -");
  EXPECT_EQ(std::count(muxed.begin(), muxed.end(), '>'), std::count(srt.begin(), srt.end(), '>'));

  int checked = 0;
  for (auto& v : r.verdicts) {
    if (v.decisive < 0) continue;
    const auto& c = v.comparisons[static_cast<std::size_t>(v.decisive)];
    const std::string head = fmt::format("H{},", v.id);
    auto ch = std::find_if(chs.begin(), chs.end(), [&](const Chapter& x) { return x.title.rfind(head, 0) == 0; });
    ASSERT_NE(ch, chs.end()) << head;
    const std::string shown = subtitles(srt, ch->start, ch->end);
    const std::string said = slurp(out / fmt::format("talk/slide-{:02}.txt", ch - chs.begin() + 1));
    for (double x : {c.estimate, c.lo, c.hi}) {
      EXPECT_NE(shown.find(rules::num(x)), std::string::npos) << head << " subtitles lack " << rules::num(x);
      EXPECT_NE(said.find(rules::num(x)), std::string::npos) << head << " narration lacks " << rules::num(x);
    }
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

TEST(Talk, WithoutTheToolsFailsFirstWithOneLineNamingWhatToInstall) {
  test::TempDir tmp("gilbench-notalk");
  // pdflatex and its helpers stay reachable, so the talk's own check speaks.
  const fs::path bin = tmp.path / "bin";
  fs::create_directories(bin);
  for (auto tool : {"pdflatex", "bibtex", "kpsewhich"}) {
    auto where = output_of(std::string("command -v ") + tool);
    if (!where.empty()) fs::create_symlink(where.substr(0, where.find('\n')), bin / tool);
  }
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", bin.string().c_str(), 1);
  std::string what;
  try {
    write_report({test::kPaperFixture, (tmp.path / "out").string(), true, true, {}, true});
  } catch (const std::runtime_error& e) {
    what = e.what();
  }
  ::setenv("PATH", saved.c_str(), 1);
  if (fs::exists(bin / "pdflatex"))
    EXPECT_EQ(what,
              "--talk needs espeak-ng, ffmpeg and pdftoppm (espeak-ng, ffmpeg, ffprobe, pdftoppm not found): run `bash "
              "scripts/setup.sh --talk` (Debian packages espeak-ng ffmpeg poppler-utils)");
  else
    EXPECT_NE(what.find("scripts/setup.sh --paper"), std::string::npos) << what;
  EXPECT_FALSE(fs::exists(tmp.path / "out" / "plots")) << "the check must come before any work";
}

}  // namespace
}  // namespace gilbench::report
