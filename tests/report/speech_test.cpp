// The talk's text and sound helpers: what the synthesiser is given to say,
// how subtitles are cut and timed, and WAV files joined with pauses.
#include "report/speech.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace gilbench::report {
namespace {

TEST(Speech, SaysUnitsRatiosAndSeriesInWords) {
  EXPECT_EQ(speakable("processes carry 1.93x (1.71–2.10) the throughput of threads"),
            "processes carry 1.93 times, 1.71 to 2.10, the throughput of threads");
  EXPECT_EQ(speakable("threads/python w4 at c=16 on io wait=10ms: p99 12ms"),
            "threads on python with 4 workers at concurrency 16 on io wait 10 milliseconds: p 99 12 milliseconds");
  EXPECT_EQ(speakable("**H1 — supported.** 3.5% of 250 µs"), "H 1, supported. 3.5 percent of 250 microseconds");
  EXPECT_EQ(speakable("cpu iters=150000, the GIL, 4 s"), "cpu 150000 iterations, the gill, 4 seconds");
  // A parenthesis closed before a colon leaves no ",:".
  EXPECT_EQ(speakable("Python (cpu iters=150000, 2 workers): processes"),
            "Python, cpu 150000 iterations, 2 workers: processes");
}

TEST(Speech, CuesSplitAtSentencesAndShareTheTimeByLength) {
  auto cs = cues("First sentence here. Second one, a little longer than the first.", 10, 20);
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].text, "First sentence here.");
  EXPECT_EQ(cs[1].text, "Second one, a little longer than the first.");
  EXPECT_DOUBLE_EQ(cs[0].start, 10);
  EXPECT_NEAR(cs[0].end, 10 + 10.0 * 20 / 63, 1e-9);
  EXPECT_DOUBLE_EQ(cs[1].end, 20);
  // A decimal point does not end a sentence; no cue runs far past 90 characters.
  auto nums = cues("It is 1.93x here. " + std::string(200, 'a') + " b c d e f g h i j k l m n o p q r s t u v w", 0, 1);
  EXPECT_EQ(nums[0].text, "It is 1.93x here.");
  for (auto& c : cues(std::string(40, 'w') + ", " + std::string(40, 'x') + " " + std::string(40, 'y') + " z", 0, 1))
    EXPECT_LE(c.text.size(), 90u) << c.text;
}

TEST(Speech, SrtStampsAreHoursMinutesSecondsMillis) {
  EXPECT_EQ(srt({{0, 1.5, "a"}, {3661.25, 3662, "b"}}),
            "1\n00:00:00,000 --> 00:00:01,500\na\n\n2\n01:01:01,250 --> 01:01:02,000\nb\n\n");
}

TEST(Speech, WavsJoinWithPausesAndRoundTrip) {
  Wav a, b{16000, 1, 16, std::string(32000, '\x01')};  // 1 s
  append(a, b, 0.5);
  append(a, b, 0.5);
  EXPECT_DOUBLE_EQ(a.seconds(), 3.0);
  EXPECT_EQ(a.pcm[32000], '\0');  // the pause is silence
  const auto path = std::filesystem::temp_directory_path() / ("gilbench-wav-" + std::to_string(::getpid()) + ".wav");
  write_wav(path.string(), a);
  Wav r = read_wav(path.string());
  EXPECT_EQ(r.rate, 16000);
  EXPECT_EQ(r.channels, 1);
  EXPECT_EQ(r.pcm, a.pcm);
  Wav other{22050, 1, 16, "ab"};
  EXPECT_THROW(append(a, other, 0), std::runtime_error);
  std::filesystem::remove(path);
  EXPECT_THROW(read_wav(path.string()), std::runtime_error);
}

}  // namespace
}  // namespace gilbench::report
