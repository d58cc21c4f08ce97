// The talk: talk.mp4 from slides.pdf and the deck's speaker scripts. Each
// slide's image (pdftoppm), its script spoken by espeak-ng, subtitles
// (talk.srt, also muxed), one chapter per slide, put together by ffmpeg;
// talk.md beside it holds the script. docs/report.md says why espeak-ng.
#pragma once

#include <string>
#include <vector>

#include "report/latex.h"

namespace gilbench::report {

// Throws std::runtime_error with one line naming what to install when
// espeak-ng, ffmpeg, ffprobe or pdftoppm is missing.
void check_talk_tools();

struct Talk {
  std::string mp4, srt, md;
  std::vector<double> starts;  // each slide's start in the film (s)
  double seconds = 0;          // the film's length
};
// Writes <out_dir>/talk.mp4, talk.srt, talk.md (working files in
// <out_dir>/talk/). `slides_pdf` must have one page per deck slide.
Talk build_talk(const PaperInput& in, const std::string& slides_pdf);

}  // namespace gilbench::report
