#include "common/hdr_log_reader.h"

#include <zlib.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace gilbench::testing {

namespace {

std::vector<unsigned char> from_base64(const std::string& s) {
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    throw std::runtime_error("bad base64 character");
  };
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i + 3 < s.size(); i += 4) {
    const int a = sextet(s[i]), b = sextet(s[i + 1]);
    out.push_back(static_cast<unsigned char>((a << 2) | (b >> 4)));
    if (s[i + 2] == '=') break;
    const int c = sextet(s[i + 2]);
    out.push_back(static_cast<unsigned char>(((b & 15) << 4) | (c >> 2)));
    if (s[i + 3] == '=') break;
    out.push_back(static_cast<unsigned char>(((c & 3) << 6) | sextet(s[i + 3])));
  }
  return out;
}

std::uint64_t big_endian(const std::vector<unsigned char>& b, std::size_t at, int n) {
  if (at + n > b.size()) throw std::runtime_error("short buffer");
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = v * 256 + b[at + i];
  return v;
}

// The spec's value of a counts-array index for unit magnitude 0:
// bucket = index / half - 1, sub-bucket = index % half + half (bucket -1 is
// bucket 0 with the lower half of the sub-buckets).
std::int64_t value_at_index(std::int64_t index, int sub_bucket_count) {
  const std::int64_t half = sub_bucket_count / 2;
  std::int64_t bucket = index / half - 1;
  std::int64_t sub = index % half + half;
  if (bucket < 0) {
    sub -= half;
    bucket = 0;
  }
  return sub << bucket;
}

void decode(SpecHistogram& h, const std::string& text) {
  const auto outer = from_base64(text);
  if (big_endian(outer, 0, 4) != 0x1c849314) throw std::runtime_error("not the V2 compressed cookie");
  const auto zlen = big_endian(outer, 4, 4);
  std::vector<unsigned char> inner(1 << 20);
  uLongf size = inner.size();
  if (uncompress(inner.data(), &size, outer.data() + 8, zlen) != Z_OK) throw std::runtime_error("zlib");
  inner.resize(size);
  if (big_endian(inner, 0, 4) != 0x1c849313) throw std::runtime_error("not the V2 cookie");
  const auto payload = big_endian(inner, 4, 4);
  if (big_endian(inner, 8, 4) != 0) throw std::runtime_error("normalizing offset");
  h.digits = static_cast<int>(big_endian(inner, 12, 4));
  h.lowest = static_cast<std::int64_t>(big_endian(inner, 16, 8));
  h.highest = static_cast<std::int64_t>(big_endian(inner, 24, 8));
  if (h.lowest != 1) throw std::runtime_error("this reader handles lowest 1 only");
  const double largest = 2 * std::pow(10.0, h.digits);
  const int sub_bucket_count = 1 << static_cast<int>(std::ceil(std::log2(largest)));
  std::int64_t index = 0;
  std::size_t at = 40;
  while (at < 40 + payload) {
    std::uint64_t raw = 0;
    int shift = 0;
    for (;;) {
      const unsigned char b = inner.at(at++);
      raw |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    const std::int64_t v = (raw & 1) ? -static_cast<std::int64_t>(raw >> 1) - 1 : static_cast<std::int64_t>(raw >> 1);
    if (v < 0) {
      index += -v;
    } else {
      if (v > 0) h.counts[value_at_index(index, sub_bucket_count)] += static_cast<std::uint64_t>(v);
      ++index;
    }
  }
}

}  // namespace

std::uint64_t SpecHistogram::total() const {
  std::uint64_t n = 0;
  for (const auto& [v, c] : counts) n += c;
  return n;
}

std::int64_t SpecHistogram::percentile(double p) const {
  const auto n = total();
  auto rank = static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(n) - 1e-9));
  if (rank < 1) rank = 1;
  std::uint64_t seen = 0;
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    seen += it->second;
    if (seen >= rank) {
      // The slot's width: 1 below 2048, then doubling with each bucket.
      std::int64_t width = 1;
      while ((2048 * width) <= it->first) width *= 2;
      return it->first + width - 1;
    }
  }
  return 0;
}

const SpecHistogram* SpecLog::find(const std::string& tag) const {
  for (const auto& h : intervals)
    if (h.tag == tag) return &h;
  return nullptr;
}

SpecLog read_spec_log(const std::string& text) {
  SpecLog log;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("#[Histogram log format version ", 0) == 0) log.version = line.substr(31, line.size() - 32);
    else if (line.rfind("#[StartTime: ", 0) == 0) log.start_time = std::stod(line.substr(13));
    else if (line.rfind("#[BaseTime: ", 0) == 0) log.base_time = std::stod(line.substr(12));
    if (line.empty() || line[0] == '#' || line[0] == '"') continue;
    SpecHistogram h;
    std::string rest = line;
    if (rest.rfind("Tag=", 0) == 0) {
      h.tag = rest.substr(4, rest.find(',') - 4);
      rest = rest.substr(rest.find(',') + 1);
    }
    std::istringstream fields(rest);
    std::string start, length, max, hist;
    std::getline(fields, start, ',');
    std::getline(fields, length, ',');
    std::getline(fields, max, ',');
    std::getline(fields, hist);
    h.start_s = std::stod(start);
    h.length_s = std::stod(length);
    h.max_field = std::stod(max);
    decode(h, hist);
    log.intervals.push_back(std::move(h));
  }
  return log;
}

}  // namespace gilbench::testing
