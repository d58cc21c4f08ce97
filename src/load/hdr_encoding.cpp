#include "load/hdr_encoding.h"

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace gilbench::load::hdr {

namespace {

// Cookies of the V2 encoding; 0x10 marks the zero-run (ZigZag LEB128) payload.
constexpr std::uint32_t kCookie = 0x1c849303 | 0x10;
constexpr std::uint32_t kCompressedCookie = 0x1c849304 | 0x10;
constexpr int kDigits = 3;
constexpr std::int64_t kLowest = 1;
constexpr std::size_t kHeaderBytes = 40;

void put_be(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get_be(const std::string& in, std::size_t at, int bytes) {
  if (at + static_cast<std::size_t>(bytes) > in.size()) throw std::invalid_argument("histogram: truncated encoding");
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)]);
  return v;
}

// ZigZag then LEB128. HdrHistogram's variant puts 8 bits in a 9th byte, which
// only counts of 2^56 and more would reach; such counts are refused.
void put_zigzag(std::string& out, std::int64_t v) {
  auto u = (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
  while (u >= 0x80) {
    out.push_back(static_cast<char>((u & 0x7f) | 0x80));
    u >>= 7;
  }
  out.push_back(static_cast<char>(u));
}

std::int64_t get_zigzag(const std::string& in, std::size_t& at) {
  std::uint64_t u = 0;
  for (int shift = 0;; shift += 7) {
    if (at >= in.size() || shift > 49) throw std::invalid_argument("histogram: bad count in the payload");
    const auto b = static_cast<unsigned char>(in[at++]);
    u |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
}

std::string payload(const Histogram& h) {
  const auto& c = h.slot_counts();
  std::size_t used = c.size();
  while (used > 0 && c[used - 1] == 0) --used;
  std::string out;
  for (std::size_t i = 0; i < used;) {
    if (c[i] == 0) {  // a run of zero slots is written as minus its length
      std::size_t j = i;
      while (j < used && c[j] == 0) ++j;
      put_zigzag(out, -static_cast<std::int64_t>(j - i));
      i = j;
    } else {
      if (c[i] >= (std::uint64_t{1} << 56)) throw std::invalid_argument("histogram: count too large to encode");
      put_zigzag(out, static_cast<std::int64_t>(c[i++]));
    }
  }
  return out;
}

}  // namespace

std::string encode(const Histogram& h) {
  const std::string body = payload(h);
  std::string raw;
  put_be(raw, kCookie, 4);
  put_be(raw, body.size(), 4);
  put_be(raw, 0, 4);  // normalizing index offset
  put_be(raw, kDigits, 4);
  put_be(raw, kLowest, 8);
  put_be(raw, Histogram::kHighest, 8);
  const double ratio = 1.0;  // integer-to-double conversion ratio
  std::uint64_t bits = 0;
  std::memcpy(&bits, &ratio, sizeof bits);
  put_be(raw, bits, 8);
  raw += body;
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                static_cast<uLong>(raw.size()), Z_DEFAULT_COMPRESSION) != Z_OK)
    throw std::runtime_error("histogram: zlib compression failed");
  packed.resize(size);
  std::string out;
  put_be(out, kCompressedCookie, 4);
  put_be(out, packed.size(), 4);
  return base64_encode(out + packed);
}

std::vector<std::uint64_t> decode_counts(std::string_view text) {
  const std::string bin = base64_decode(text);
  if (get_be(bin, 0, 4) != kCompressedCookie) throw std::invalid_argument("histogram: not a V2 compressed histogram");
  const auto len = get_be(bin, 4, 4);
  if (8 + len > bin.size()) throw std::invalid_argument("histogram: truncated compressed data");
  z_stream z{};
  if (inflateInit(&z) != Z_OK) throw std::runtime_error("histogram: zlib init failed");
  std::string raw;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bin.data() + 8));
  z.avail_in = static_cast<uInt>(len);
  int rc = Z_OK;
  char buf[16384];
  do {  // stops at the stream's end, or on Z_BUF_ERROR when the input runs out first
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    raw.append(buf, sizeof buf - z.avail_out);
  } while (rc != Z_STREAM_END);
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::invalid_argument("histogram: corrupt compressed data");
  if (get_be(raw, 0, 4) != kCookie) throw std::invalid_argument("histogram: bad inner cookie");
  const auto body = get_be(raw, 4, 4);
  if (get_be(raw, 8, 4) != 0 || get_be(raw, 12, 4) != kDigits || get_be(raw, 16, 8) != kLowest ||
      get_be(raw, 24, 8) != static_cast<std::uint64_t>(Histogram::kHighest))
    throw std::invalid_argument("histogram: written with other parameters than gilbench's (1 us .. 60 s, 3 digits)");
  if (kHeaderBytes + body > raw.size()) throw std::invalid_argument("histogram: truncated payload");
  std::vector<std::uint64_t> counts(Histogram::bucket_slots(), 0);
  const std::string data = raw.substr(kHeaderBytes, body);
  std::size_t at = 0, slot = 0;
  while (at < data.size()) {
    const std::int64_t v = get_zigzag(data, at);
    const std::size_t n = v < 0 ? static_cast<std::size_t>(-v) : 1;
    if (slot + n > counts.size()) throw std::invalid_argument("histogram: more slots than the range holds");
    if (v > 0) counts[slot] = static_cast<std::uint64_t>(v);
    slot += n;
  }
  return counts;
}

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64_encode(const std::string& bytes) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) out.push_back(kAlphabet[(acc >> (bits -= 6)) & 0x3f]);
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 0x3f]);
  while (out.size() % 4) out.push_back('=');
  return out;
}

std::string base64_decode(std::string_view text) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const char* p = std::strchr(kAlphabet, c);
    if (c == '\0' || !p) throw std::invalid_argument("histogram: not base64");
    acc = (acc << 6) | static_cast<std::uint32_t>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) out.push_back(static_cast<char>((acc >> (bits -= 8)) & 0xff));
  }
  return out;
}

}  // namespace gilbench::load::hdr
