#include "report/speech.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace gilbench::report {

namespace {
// Words the synthesiser would spell badly or mangle, as they are said.
const std::vector<std::pair<std::string, std::string>> kSaid = {
    {"**", ""},
    {"–", " to "},
    {"—", ", "},
    {"×", " times "},
    {"≈", " about "},
    {"≤", " at most "},
    {"≥", " at least "},
    {"≲", " at most about "},
    {"≪", " much less than "},
    {"→", " to "},
    {"±", " plus or minus "},
    {"µs", " microseconds"},
    {"sys.setswitchinterval", "sys dot set switch interval"},
    {"req/s", " requests per second"},
    {"MiB", " mebibytes"},
    {"I/O", "I O"},
    {"asyncio", "async I O"},
    {"CPython", "C Python"},
    {"ccbench", "C C bench"},
    {"pyperformance", "pie performance"},
    {"GIL", "gill"},
    {"WSGI", "whiskey"},
    {"ASGI", "A S G I"},
    {"PSS", "P S S"},
    {"RSS", "R S S"},
    {"RAPL", "rapple"},
    {"HTTP", "H T T P"},
    {"Gunicorn", "G unicorn"},
    {"PEP ", "pep "},
    {"%", " percent"},
};

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
}
}  // namespace

std::string speakable(const std::string& text) {
  std::string s = text;
  for (auto& [from, to] : kSaid) replace_all(s, from, to);
  static const std::vector<std::pair<std::regex, std::string>> rx = {
      {std::regex(R"((\d)x\b)"), "$1 times"},
      {std::regex(R"((\d) ?ms\b)"), "$1 milliseconds"},
      {std::regex(R"((\d) ?s\b)"), "$1 seconds"},
      {std::regex(R"(\b(\w+)/(native|python) w(\d+))"), "$1 on $2 with $3 workers"},
      {std::regex(R"(\bw(\d+)\b)"), "$1 workers"},
      {std::regex(R"(\bc=(\d+))"), "concurrency $1"},
      {std::regex(R"(\biters=(\d+))"), "$1 iterations"},
      {std::regex(R"(\bwait=)"), "wait "},
      {std::regex(R"(\bp(50|95|99|999)\b)"), "p $1"},
      {std::regex(R"(\bH([1-4])\b)"), "H $1"},
      {std::regex(R"(\(([^()]*)\))"), ", $1,"},
      {std::regex(R"([_/=<>`|{}\\^~#$&*])"), " "},
      {std::regex(R"(\s+)"), " "},
      {std::regex(R"( ([,.;:]))"), "$1"},
      {std::regex(R"(,+)"), ","},
      {std::regex(R"(,([.;:]))"), "$1"}};
  for (auto& [re, to] : rx) s = std::regex_replace(s, re, to);
  return s;
}

namespace {
// Sentences, then commas for the long ones, then spaces: no cue longer
// than `max` unless a single word is.
std::vector<std::string> pieces(const std::string& text, std::size_t max) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(' ');
    auto e = cur.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool space_next = i + 1 < text.size() && text[i + 1] == ' ';
    if (c == ' ') {
      auto next = text.find(' ', i + 1);
      const std::size_t word = (next == std::string::npos ? text.size() : next) - i;
      if (cur.size() + word > max) flush();
    }
    cur += c;
    const bool end = (c == '.' || c == ';' || c == ':' || c == '?') && space_next;
    const bool comma = c == ',' && space_next && cur.size() > max / 2;
    if (end || comma) flush();
  }
  flush();
  return out;
}

}  // namespace

std::vector<Cue> cues(const std::string& text, double start, double end) {
  auto ps = pieces(text, 90);
  std::size_t total = 0;
  for (auto& p : ps) total += p.size();
  std::vector<Cue> out;
  double t = start;
  for (auto& p : ps) {
    const double len = total ? (end - start) * static_cast<double>(p.size()) / static_cast<double>(total) : 0;
    out.push_back({t, t + len, p});
    t += len;
  }
  return out;
}

std::string srt(const std::vector<Cue>& cs) {
  auto stamp = [](double s) {
    const long ms = std::lround(s * 1000);
    return fmt::format("{:02}:{:02}:{:02},{:03}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
  };
  std::string o;
  for (std::size_t i = 0; i < cs.size(); ++i)
    o += fmt::format("{}\n{} --> {}\n{}\n\n", i + 1, stamp(cs[i].start), stamp(cs[i].end), cs[i].text);
  return o;
}

double Wav::seconds() const {
  const int frame = channels * bits / 8;
  return frame > 0 && rate > 0 ? static_cast<double>(pcm.size()) / frame / rate : 0;
}

namespace {
std::uint32_t le32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}
int le16(const std::string& s, std::size_t at) {
  return static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8;
}
void put32(std::string& o, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) o += static_cast<char>(v >> (8 * i) & 0xff);
}
void put16(std::string& o, int v) { o += static_cast<char>(v & 0xff), o += static_cast<char>(v >> 8 & 0xff); }
}  // namespace

Wav read_wav(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  if (s.size() < 12 || s.compare(0, 4, "RIFF") != 0 || s.compare(8, 4, "WAVE") != 0)
    throw std::runtime_error(path + " is not a WAV file");
  Wav w;
  for (std::size_t p = 12; p + 8 <= s.size();) {
    const std::string id = s.substr(p, 4);
    // A streaming writer may leave the size at its maximum: the data runs to the end.
    const std::size_t n = std::min<std::size_t>(le32(s, p + 4), s.size() - p - 8);
    if (id == "fmt " && n >= 16) {
      if (le16(s, p + 8) != 1) throw std::runtime_error(path + " is not PCM");
      w.channels = le16(s, p + 10);
      w.rate = static_cast<int>(le32(s, p + 12));
      w.bits = le16(s, p + 22);
    } else if (id == "data") {
      w.pcm = s.substr(p + 8, n);
    }
    p += 8 + n + (n & 1);
  }
  if (w.rate == 0 || w.bits != 16) throw std::runtime_error(path + ": expected 16-bit PCM");
  return w;
}

void write_wav(const std::string& path, const Wav& w) {
  std::string o = "RIFF";
  put32(o, static_cast<std::uint32_t>(36 + w.pcm.size()));
  o += "WAVEfmt ";
  put32(o, 16);
  put16(o, 1);
  put16(o, w.channels);
  put32(o, static_cast<std::uint32_t>(w.rate));
  put32(o, static_cast<std::uint32_t>(w.rate * w.channels * w.bits / 8));
  put16(o, w.channels * w.bits / 8);
  put16(o, w.bits);
  o += "data";
  put32(o, static_cast<std::uint32_t>(w.pcm.size()));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << o << w.pcm;
  if (!out) throw std::runtime_error("cannot write " + path);
}

void append(Wav& a, const Wav& b, double pause_s) {
  if (a.rate == 0) a.rate = b.rate, a.channels = b.channels, a.bits = b.bits;
  if (a.rate != b.rate || a.channels != b.channels || a.bits != b.bits)
    throw std::runtime_error("the synthesiser changed its sound format between slides");
  a.pcm += b.pcm;
  const std::size_t frame = static_cast<std::size_t>(a.channels * a.bits / 8);
  a.pcm.append(static_cast<std::size_t>(pause_s * a.rate) * frame, '\0');
}

}  // namespace gilbench::report
