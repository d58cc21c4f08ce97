#include "load/request_log.h"

#include <fmt/format.h>

#include <algorithm>

namespace gilbench::load {

void write_request_log(std::ostream& out, std::vector<RequestRecord> records, std::int64_t origin_ns,
                       std::int64_t window_ns, std::int64_t drain_deadline_ns) {
  std::sort(records.begin(), records.end(),
            [](const RequestRecord& a, const RequestRecord& b) { return a.intended_ns < b.intended_ns; });
  out << "# gilbench load request log: times in ns from the window's start\n";
  out << fmt::format("# window_ns {} drain_deadline_ns {}\n", window_ns, drain_deadline_ns - origin_ns);
  out << "# intended_ns sent_ns done_ns outcome\n";
  std::string buf;
  for (const auto& r : records) {
    const char* word = r.outcome == RequestRecord::kRead      ? "read"
                       : r.outcome == RequestRecord::kWrite   ? "write"
                       : r.outcome == RequestRecord::kTimeout ? "timeout"
                       : r.outcome == RequestRecord::kCensored ? "censored"
                                                               : nullptr;
    buf = fmt::format("{} {} {} ", r.intended_ns - origin_ns, r.sent_ns ? r.sent_ns - origin_ns : -1,
                      r.done_ns - origin_ns);
    buf += word ? std::string(word) : std::to_string(r.outcome);
    buf += '\n';
    out << buf;
  }
}

}  // namespace gilbench::load
