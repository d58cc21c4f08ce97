#include "load/http_parser.h"

#include <cstring>
#include <string_view>

namespace gilbench::load {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool icontains(std::string_view hay, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const char* find(const char* from, const char* to, std::string_view needle) {
  if (to - from < static_cast<std::ptrdiff_t>(needle.size())) return nullptr;
  return static_cast<const char*>(memmem(from, to - from, needle.data(), needle.size()));
}

// The integer at p (after optional spaces), or -1.
std::int64_t number_at(const char* p, const char* to) {
  while (p < to && *p == ' ') ++p;
  if (p >= to || *p < '0' || *p > '9') return -1;
  std::int64_t v = 0;
  while (p < to && *p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
  return v;
}

bool preceded_by(const char* from, const char* at, std::string_view name) {
  return at - from >= static_cast<std::ptrdiff_t>(name.size()) &&
         std::memcmp(at - name.size(), name.data(), name.size()) == 0;
}

}  // namespace

// Every server-reported time ends in `_us":`, so one pass over the body
// finds them all: a hot-path cost of one memmem per answer, not one per key.
void ResponseParser::scan_times(const char* from, const char* to) {
  constexpr std::string_view tail = "_us\":";
  for (const char* p = from; (p = find(p, to, tail)) != nullptr; p += tail.size()) {
    const char* value = p + tail.size();
    if (preceded_by(from, p, "\"queue")) queue_us_ = number_at(value, to);
    else if (preceded_by(from, p, "\"service")) service_us_ = number_at(value, to);
    else if (preceded_by(from, p, "\"gil_wait")) gil_wait_us_ = number_at(value, to);
    else if (preceded_by(from, p, "\"ipc")) ipc_us_ = number_at(value, to);
  }
}

ResponseParser::State ResponseParser::feed(const char* data, std::size_t size) {
  if (!head_done_) {
    const State s = parse_head(data, size);
    if (s != State::complete) return s;
  }
  switch (body_) {
    case Body::none:
      return finish(data, body_start_);
    case Body::length:
      if (size - body_start_ < length_) return State::incomplete;
      return finish(data, body_start_ + length_);
    case Body::chunked:
      return parse_chunks(data, size);
    case Body::until_close:
      return State::incomplete;
  }
  return State::error;
}

ResponseParser::State ResponseParser::eof(const char* data, std::size_t size) {
  if (head_done_ && body_ == Body::until_close) return finish(data, size);
  return State::error;
}

ResponseParser::State ResponseParser::parse_head(const char* data, std::size_t size) {
  for (;;) {
    const std::size_t from = scan_ > head_start_ + 3 ? scan_ - 3 : head_start_;
    const char* end = find(data + from, data + size, "\r\n\r\n");
    if (!end) {
      scan_ = size;
      return size - head_start_ > kMaxHeader ? State::error : State::incomplete;
    }
    const std::string_view head(data + head_start_, end - (data + head_start_));
    const std::size_t next = static_cast<std::size_t>(end - data) + 4;
    // Status line: HTTP/1.x SSS reason
    if (head.size() < 12 || head.substr(0, 7) != "HTTP/1.") return State::error;
    const char d0 = head[9], d1 = head[10], d2 = head[11];
    if (head[8] != ' ' || d0 < '1' || d0 > '5' || d1 < '0' || d1 > '9' || d2 < '0' || d2 > '9')
      return State::error;
    status_ = (d0 - '0') * 100 + (d1 - '0') * 10 + (d2 - '0');
    if (status_ < 200) {  // interim (100 Continue): the real answer follows
      head_start_ = scan_ = next;
      continue;
    }
    keep_alive_ = head[7] == '1';
    bool has_length = false, chunked = false;
    std::size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos && pos < head.size()) {
      const std::size_t line_start = pos + 2;
      std::size_t line_end = head.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = head.size();
      const std::string_view line = head.substr(line_start, line_end - line_start);
      const std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "content-length")) {
          std::uint64_t n = 0;
          if (value.empty()) return State::error;
          for (char c : value) {
            if (c < '0' || c > '9') return State::error;
            n = n * 10 + static_cast<std::uint64_t>(c - '0');
          }
          // Two lengths that differ leave the body's end unknown (RFC 9112
          // 6.3): answering either would count a desynchronised stream as ok.
          if (has_length && n != length_) return State::error;
          length_ = n;
          has_length = true;
        } else if (iequals(name, "transfer-encoding")) {
          chunked = icontains(value, "chunked");
        } else if (iequals(name, "connection")) {
          if (icontains(value, "close")) keep_alive_ = false;
          else if (icontains(value, "keep-alive")) keep_alive_ = true;
        }
      }
      pos = line_end;
    }
    body_start_ = next;
    head_done_ = true;
    if (status_ == 204 || status_ == 304) body_ = Body::none;
    else if (chunked) body_ = Body::chunked, chunk_pos_ = next;
    else if (has_length) body_ = Body::length;
    else body_ = Body::until_close, keep_alive_ = false;
    return State::complete;
  }
}

ResponseParser::State ResponseParser::parse_chunks(const char* data, std::size_t size) {
  for (;;) {
    if (in_trailers_) {
      // After the last chunk: optional trailer fields, then an empty line.
      if (size - chunk_pos_ >= 2 && data[chunk_pos_] == '\r' && data[chunk_pos_ + 1] == '\n')
        return finish(data, chunk_pos_ + 2);
      const char* end = find(data + chunk_pos_, data + size, "\r\n\r\n");
      if (!end) return State::incomplete;
      return finish(data, static_cast<std::size_t>(end - data) + 4);
    }
    const char* eol = find(data + chunk_pos_, data + size, "\r\n");
    if (!eol) return size - chunk_pos_ > 1024 ? State::error : State::incomplete;
    std::uint64_t n = 0;
    const char* p = data + chunk_pos_;
    if (p == eol) return State::error;
    for (; p < eol && *p != ';'; ++p) {
      const char c = *p;
      int digit;
      if (c >= '0' && c <= '9') digit = c - '0';
      else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      else if (c == ' ' || c == '\t') continue;
      else return State::error;
      if (n > (std::uint64_t{1} << 40)) return State::error;
      n = n * 16 + static_cast<std::uint64_t>(digit);
    }
    const std::size_t data_start = static_cast<std::size_t>(eol - data) + 2;
    if (n == 0) {
      chunk_pos_ = data_start;
      in_trailers_ = true;
      continue;
    }
    if (size < data_start + n + 2) return State::incomplete;
    if (data[data_start + n] != '\r' || data[data_start + n + 1] != '\n') return State::error;
    chunk_pos_ = data_start + n + 2;
  }
}

ResponseParser::State ResponseParser::finish(const char* data, std::size_t end) {
  end_ = end;
  // Chunk-size lines may sit inside the scanned region; a key split across
  // two chunks is missed (counted as not reported), never misread.
  scan_times(data + body_start_, data + end);
  return State::complete;
}

}  // namespace gilbench::load
