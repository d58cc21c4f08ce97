#include "load/find_rate.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace gilbench::load {

Slo parse_slo(const std::string& text) {
  auto bad = [&text](const std::string& why) {
    throw std::invalid_argument(fmt::format("bad SLO '{}': {} (expected e.g. p99=50ms, p99.9=500us)", text, why));
  };
  const auto eq = text.find('=');
  if (text.size() < 2 || text[0] != 'p' || eq == std::string::npos) bad("not of the form pQ=LIMIT");
  const std::string q = text.substr(1, eq - 1);
  const std::string limit = text.substr(eq + 1);
  if (q.empty() || q.find_first_not_of("0123456789.") != std::string::npos) bad("the quantile is not a number");
  Slo s;
  std::size_t used = 0;
  try {
    s.quantile = std::stod(q, &used);
  } catch (const std::exception&) {
    bad("the quantile is not a number");
  }
  if (used != q.size() || !(s.quantile > 0) || !(s.quantile < 100)) bad("the quantile must be in (0, 100)");
  double v = 0;
  try {
    v = std::stod(limit, &used);
  } catch (const std::exception&) {
    bad("the limit is not a number");
  }
  const std::string unit = limit.substr(used);
  double scale = 0;
  if (unit == "us") scale = 1;
  else if (unit == "ms") scale = 1e3;
  else if (unit == "s") scale = 1e6;
  else bad("the limit needs a unit: us, ms or s");
  if (!(v > 0) || !std::isfinite(v)) bad("the limit must be positive");
  s.limit_us = v * scale;
  if (s.limit_us > 60e6) bad("the limit must be <= 60 s");
  return s;
}

std::string to_string(const Slo& slo) {
  if (slo.limit_us >= 1e6 && std::fmod(slo.limit_us, 1e6) == 0)
    return fmt::format("p{}={}s", slo.quantile, slo.limit_us / 1e6);
  if (slo.limit_us >= 1e3 && std::fmod(slo.limit_us, 1e3) == 0)
    return fmt::format("p{}={}ms", slo.quantile, slo.limit_us / 1e3);
  return fmt::format("p{}={}us", slo.quantile, slo.limit_us);
}

FindRateResult find_rate(const LoadConfig&, const Slo& slo, const FindRateOptions&, std::ostream*) {
  FindRateResult r;
  r.slo = slo;
  throw std::logic_error("find_rate: not implemented yet");
}

void write_find_rate_table(std::ostream&, const FindRateResult&) {}
void write_find_rate_json(std::ostream&, const FindRateResult&) {}

}  // namespace gilbench::load
