// Text and sound for the talk: the narration as a synthesiser should say
// it, subtitles cut from it, and the 16-bit PCM WAV files the synthesiser
// writes (read, joined with pauses, written back) so each slide's start
// and end in the film are known to the sample.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gilbench::report {

// The narration as spoken: units, ratios, ranges and the project's
// abbreviations in words ("1.93x (1.71–2.10)" -> "1.93 times, from 1.71 to
// 2.10"; "10ms" -> "10 milliseconds"; "threads/python w4" -> "threads on
// python with 4 workers"). Digits stay digits: the synthesiser reads them.
std::string speakable(const std::string& text);

struct Cue {
  double start = 0, end = 0;  // seconds
  std::string text;
};
// The text cut into cues of at most ~90 characters (at sentence ends, then
// at commas), spread over [start, end) in proportion to their length.
std::vector<Cue> cues(const std::string& text, double start, double end);
// SubRip: "1\n00:00:01,000 --> 00:00:04,500\ntext\n\n" per cue.
std::string srt(const std::vector<Cue>& cs);

struct Wav {
  int rate = 0, channels = 0, bits = 0;
  std::string pcm;  // the data chunk's bytes
  double seconds() const;
};
// Throws std::runtime_error naming the file unless it is a PCM WAV.
Wav read_wav(const std::string& path);
void write_wav(const std::string& path, const Wav& w);
// Appends `b`'s samples and then `pause_s` of silence to `a` (same format).
void append(Wav& a, const Wav& b, double pause_s);

}  // namespace gilbench::report
