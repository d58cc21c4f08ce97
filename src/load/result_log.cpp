#include "load/result_log.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <array>
#include <cstring>
#include <ctime>
#include <map>
#include <stdexcept>

#include "load/hdr_encoding.h"
#include "load/json_write.h"

namespace gilbench::load {

namespace json = boost::json;

namespace {

constexpr const char* kResultTag = "#[gilbench-result: ";

// The histograms of a result, by the tag their log line carries.
template <class R>
auto tagged(R& r) {
  return std::array{std::pair{"latency", &r.latency},     std::pair{"ulatency", &r.ulatency},
                    std::pair{"err_latency", &r.err_latency}, std::pair{"send_delay", &r.send_delay},
                    std::pair{"gen_lag", &r.gen_lag},     std::pair{"queue", &r.queue},
                    std::pair{"service", &r.service},     std::pair{"gil_wait", &r.gil_wait},
                    std::pair{"ipc", &r.ipc}};
}

// Every scalar of LoadResult, the config's identifying fields, and the
// figures each histogram's counts cannot give back.
json::object figures(const LoadResult& r) {
  const auto& c = r.config;
  json::object cfg{{"url", c.url},         {"threads", c.threads},       {"connections", c.connections},
                   {"rate_rps", c.rate_rps}, {"duration_s", c.duration_s}, {"warmup_s", c.warmup_s},
                   {"drain_s", c.drain_s},   {"timeout_s", c.timeout_s},   {"method", c.request.method},
                   {"mode", c.request.mode}, {"segment_index", c.segment_index},
                   {"segment_count", c.segment_count}, {"start_at_unix", c.start_at_unix}};
  json::object values;
  for (const auto& [k, v] : c.request.values) values[k] = v;
  cfg["values"] = std::move(values);
  json::object by_status;
  for (const auto& [code, n] : r.errors.by_status) by_status[std::to_string(code)] = n;
  const auto& e = r.errors;
  json::object errors{{"by_status", std::move(by_status)}};
  for (auto [name, count] : kErrorClasses) errors[name] = e.*count;
  json::object o{{"config", std::move(cfg)}, {"loop", r.loop}, {"duration_s", r.duration_s},
                 {"connections_peak", r.connections_peak}, {"connections_mean", r.connections_mean},
                 {"window_start_unix", r.window_start_unix}, {"start_late_s", r.start_late_s},
                 {"generators", r.generators}, {"start_skew_s", r.start_skew_s},
                 {"errors", std::move(errors)},
                 {"generator", json::object{{"cpu_pct", r.gen.cpu_pct}, {"intended_rps", r.gen.intended_rps},
                                            {"achieved_rps", r.gen.achieved_rps}, {"bound", r.gen.bound},
                                            {"reason", r.gen.reason}}}};
  for (auto [name, count] : kSummedCounts) o[name] = r.*count;
  json::array timeline;
  for (const auto& p : r.timeline)
    timeline.push_back(json::array{p.t_s, p.requests, p.ok, p.errors, p.lat_mean_us, p.lat_max_us});
  o["timeline"] = std::move(timeline);
  json::object exact;
  for (const auto& [tag, h] : tagged(r)) {
    const auto x = h->exact();
    exact[tag] = json::array{x.count, x.clamped, x.min, x.max, x.sum, x.sum_sq};
  }
  o["exact"] = std::move(exact);
  return o;
}

std::string utc_text(double unix_s) {
  const std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void write_result_log(std::ostream& out, const LoadResult& r) {
  out << "#[Histogram log format version 1.3]\n";
  out << fmt::format("#[StartTime: {:.3f} (seconds since epoch), {}]\n", r.window_start_unix,
                     utc_text(r.window_start_unix));
  out << fmt::format("#[BaseTime: {:.3f} (seconds since epoch)]\n", r.window_start_unix);
  out << "#[Values in microseconds; Interval_Max in milliseconds. Tag=latency: corrected (from the intended "
         "send time); Tag=ulatency: uncorrected (from the actual write)]\n";
  out << kResultTag;
  write_json_value(out, figures(r));  // one line, decimals rather than exponents
  out << "]\n";
  out << "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
  for (const auto& [tag, h] : tagged(r))
    out << fmt::format("Tag={},0.000,{:.3f},{:.3f},{}\n", tag, r.duration_s, static_cast<double>(h->max()) / 1000.0,
                       hdr::encode(*h));
}

namespace {

template <class T>
T num(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v) throw std::invalid_argument(fmt::format("the figures lack '{}'", key));
  return json::value_to<T>(*v);
}

void read_config(const json::object& o, LoadConfig& c) {
  c.url = num<std::string>(o, "url");
  c.threads = num<int>(o, "threads");
  c.connections = num<int>(o, "connections");
  c.rate_rps = num<double>(o, "rate_rps");
  c.duration_s = num<double>(o, "duration_s");
  c.warmup_s = num<double>(o, "warmup_s");
  c.drain_s = num<double>(o, "drain_s");
  c.timeout_s = num<double>(o, "timeout_s");
  c.request.method = num<std::string>(o, "method");
  c.request.mode = num<std::string>(o, "mode");
  c.segment_index = num<int>(o, "segment_index");
  c.segment_count = num<int>(o, "segment_count");
  c.start_at_unix = num<double>(o, "start_at_unix");
  for (const auto& [k, v] : o.at("values").as_object()) c.request.values[std::string(k)] = json::value_to<std::string>(v);
}

void read_figures(const json::object& o, LoadResult& r) {
  read_config(o.at("config").as_object(), r.config);
  r.loop = num<std::string>(o, "loop");
  r.duration_s = num<double>(o, "duration_s");
  for (auto [name, count] : kSummedCounts) r.*count = num<std::uint64_t>(o, name);
  r.connections_peak = num<int>(o, "connections_peak");
  r.connections_mean = num<double>(o, "connections_mean");
  r.window_start_unix = num<double>(o, "window_start_unix");
  r.start_late_s = num<double>(o, "start_late_s");
  r.generators = num<int>(o, "generators");
  r.start_skew_s = num<double>(o, "start_skew_s");
  const auto& e = o.at("errors").as_object();
  for (auto [name, count] : kErrorClasses) r.errors.*count = num<std::uint64_t>(e, name);
  for (const auto& [code, n] : e.at("by_status").as_object())
    r.errors.by_status[std::stoi(std::string(code))] = json::value_to<std::uint64_t>(n);
  const auto& g = o.at("generator").as_object();
  r.gen = {num<double>(g, "cpu_pct"), num<double>(g, "intended_rps"), num<double>(g, "achieved_rps"),
           num<bool>(g, "bound"), num<std::string>(g, "reason")};
  for (const auto& v : o.at("timeline").as_array()) {
    const auto& a = v.as_array();
    r.timeline.push_back({json::value_to<double>(a.at(0)), json::value_to<std::uint64_t>(a.at(1)),
                          json::value_to<std::uint64_t>(a.at(2)), json::value_to<std::uint64_t>(a.at(3)),
                          json::value_to<double>(a.at(4)), json::value_to<std::int64_t>(a.at(5))});
  }
}

Histogram::Exact read_exact(const json::array& a) {
  return {json::value_to<std::uint64_t>(a.at(0)), json::value_to<std::uint64_t>(a.at(1)),
          json::value_to<std::int64_t>(a.at(2)),  json::value_to<std::int64_t>(a.at(3)),
          json::value_to<double>(a.at(4)),        json::value_to<double>(a.at(5))};
}

}  // namespace

LoadResult read_result_log(std::istream& in, const std::string& name) {
  LoadResult r;
  json::object fig;
  std::map<std::string, std::vector<std::uint64_t>> counts;
  std::string line;
  int n = 0;
  auto bad = [&](const std::string& why) { return std::invalid_argument(fmt::format("{}: line {}: {}", name, n, why)); };
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind(kResultTag, 0) == 0) {
      boost::system::error_code ec;
      auto v = json::parse(std::string_view(line).substr(std::strlen(kResultTag), line.size() - std::strlen(kResultTag) - 1), ec);
      if (ec || !v.is_object()) throw bad("the gilbench-result comment is not a JSON object");
      fig = v.as_object();
      continue;
    }
    if (line.empty() || line[0] == '#' || line[0] == '"') continue;
    if (line.rfind("Tag=", 0) != 0) throw bad("an interval without a Tag= (not written by gilbench load)");
    const auto comma = line.find(',');
    const auto last = line.rfind(',');
    if (comma == std::string::npos || last == comma) throw bad("not an interval line");
    try {
      counts[line.substr(4, comma - 4)] = hdr::decode_counts(std::string_view(line).substr(last + 1));
    } catch (const std::invalid_argument& e) {
      throw bad(e.what());
    }
  }
  if (fig.empty()) throw std::invalid_argument(name + ": no #[gilbench-result: ...] line (not written by gilbench load --hist-log)");
  try {
    read_figures(fig, r);
    const auto& exact = fig.at("exact").as_object();
    for (auto [tag, h] : tagged(r)) {
      auto it = counts.find(tag);
      if (it == counts.end()) throw std::invalid_argument(fmt::format("no Tag={} histogram", tag));
      *h = Histogram::restore(std::move(it->second), read_exact(exact.at(tag).as_array()));
    }
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("{}: {}", name, e.what()));
  } catch (const std::exception& e) {  // boost::json's out_of_range and type errors
    throw std::invalid_argument(fmt::format("{}: malformed gilbench-result figures ({})", name, e.what()));
  }
  r.lat_clamped = r.latency.clamped();
  return r;
}

}  // namespace gilbench::load
