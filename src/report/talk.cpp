#include "report/talk.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "report/deck.h"
#include "report/speech.h"

namespace gilbench::report {

namespace fs = std::filesystem;

namespace {
// espeak-ng's words per minute (default 175). With the pauses it makes at
// punctuation, the paper fixture's 18 scripts (about 2,000 words) last
// about 13 minutes.
constexpr int kWordsPerMinute = 180;
// Silence after each slide's narration, before the next slide appears.
constexpr double kPauseS = 0.8;

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

void sh(const std::string& cmd, const std::string& what) {
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("--talk: " + what + " failed: " + cmd);
}

// slides.pdf -> talk/slide-NN.png at 1280x720, in page order.
std::vector<std::string> slide_images(const std::string& pdf, const std::string& dir, std::size_t expected) {
  sh(fmt::format("pdftoppm -png -scale-to-x 1280 -scale-to-y 720 {} {}/slide", shell_quote(pdf), shell_quote(dir)),
     "pdftoppm");
  std::vector<std::string> pngs;
  for (auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".png" && e.path().filename().string().rfind("slide-", 0) == 0)
      pngs.push_back(e.path().string());
  std::sort(pngs.begin(), pngs.end());
  if (pngs.size() != expected)
    throw std::runtime_error(fmt::format("--talk: {} has {} pages for {} slides", pdf, pngs.size(), expected));
  return pngs;
}

// Each script spoken to talk/slide-NN.wav; returns them joined, with the
// start of each slide (seconds) in `starts`.
Wav narrate(const std::vector<Slide>& deck, const std::string& dir, std::vector<double>& starts) {
  Wav all;
  for (std::size_t i = 0; i < deck.size(); ++i) {
    const std::string stem = fmt::format("{}/slide-{:02}", dir, i + 1);
    write(stem + ".txt", speakable(deck[i].script) + "\n");
    // -a 80 of 100: at full amplitude a few peaks reach 0 dBFS and clip.
    sh(fmt::format("espeak-ng -v en-us -s {} -a 80 -w {} -f {}", kWordsPerMinute, shell_quote(stem + ".wav"),
                   shell_quote(stem + ".txt")),
       "espeak-ng");
    starts.push_back(all.seconds());
    append(all, read_wav(stem + ".wav"), kPauseS);
  }
  return all;
}

// ffmpeg's concat list (each image for its slide's time; the last one
// twice, as the demuxer ignores the last duration) and the chapters.
void timeline(const std::vector<Slide>& deck, const std::vector<std::string>& pngs, const std::vector<double>& starts,
              double total, const std::string& dir) {
  std::string list = "ffconcat version 1.0\n", meta = ";FFMETADATA1\n";
  for (std::size_t i = 0; i < deck.size(); ++i) {
    const double end = i + 1 < starts.size() ? starts[i + 1] : total;
    list += fmt::format("file {}\nduration {:.3f}\n", shell_quote(pngs[i]), end - starts[i]);
    std::string title = deck[i].title;
    for (char c : std::string("=;#\\\n")) std::replace(title.begin(), title.end(), c, ' ');
    meta += fmt::format("[CHAPTER]\nTIMEBASE=1/1000\nSTART={}\nEND={}\ntitle={}\n", std::lround(starts[i] * 1000),
                        std::lround(end * 1000), title);
  }
  list += fmt::format("file {}\n", shell_quote(pngs.back()));
  write(dir + "/slides.ffconcat", list);
  write(dir + "/chapters.ffmeta", meta);
}
}  // namespace

void check_talk_tools() {
  std::vector<std::string> missing;
  for (auto tool : {"espeak-ng", "ffmpeg", "ffprobe", "pdftoppm"})
    if (shell_output(std::string("command -v ") + tool).empty()) missing.push_back(tool);
  if (missing.empty()) return;
  std::string what;
  for (auto& m : missing) what += (what.empty() ? "" : ", ") + m;
  throw std::runtime_error(fmt::format("--talk needs espeak-ng, ffmpeg and pdftoppm ({} not found): run `bash "
                                       "scripts/setup.sh --talk` (Debian packages espeak-ng ffmpeg poppler-utils)",
                                       what));
}

Talk build_talk(const PaperInput& in, const std::string& slides_pdf) {
  const auto deck = slide_deck(in);
  // Absolute: ffmpeg reads the paths inside slides.ffconcat relative to that
  // file, so a relative results directory (run.sh passes one) would double up.
  const std::string dir = fs::absolute(in.out_dir + "/talk").lexically_normal().string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  Talk t;
  const auto pngs = slide_images(slides_pdf, dir, deck.size());
  const Wav audio = narrate(deck, dir, t.starts);
  t.seconds = audio.seconds();
  write_wav(dir + "/narration.wav", audio);
  std::vector<Cue> all;
  for (std::size_t i = 0; i < deck.size(); ++i) {
    const double end = (i + 1 < t.starts.size() ? t.starts[i + 1] : t.seconds) - kPauseS;
    for (auto& c : cues(deck[i].script, t.starts[i], end)) all.push_back(c);
  }
  t.srt = in.out_dir + "/talk.srt";
  write(t.srt, srt(all));
  timeline(deck, pngs, t.starts, t.seconds, dir);
  t.mp4 = in.out_dir + "/talk.mp4";
  // Still images at 1 frame/s: the encoder has little to do. The fps filter
  // (not -r) keeps the concat list's timestamps: each slide changes within
  // half a second of its narration, and the video ends with the audio.
  sh(fmt::format("ffmpeg -y -loglevel error -f concat -safe 0 -i {} -i {} -i {} -f ffmetadata -i {} -map 0:v -map 1:a "
                 "-map 2:s -map_chapters 3 -vf fps=1 -c:v libx264 -preset veryfast -tune stillimage -pix_fmt yuv420p "
                 "-c:a aac -b:a 64k -c:s mov_text -metadata:s:s:0 language=eng -shortest -movflags +faststart {}",
                 shell_quote(dir + "/slides.ffconcat"), shell_quote(dir + "/narration.wav"), shell_quote(t.srt),
                 shell_quote(dir + "/chapters.ffmeta"), shell_quote(t.mp4)),
     "ffmpeg");
  t.md = in.out_dir + "/talk.md";
  write(t.md, talk_markdown(deck, t.starts, in.run_name));
  return t;
}

}  // namespace gilbench::report
