#include "sweep/metrics_probe.h"

#include <cstdlib>
#include <sstream>

#include "sweep/target.h"

namespace gilbench::sweep {

std::optional<double> metric_sum(std::string_view text, std::string_view name) {
  std::optional<double> sum;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.compare(0, name.size(), name) != 0) continue;
    const char next = line.size() > name.size() ? line[name.size()] : '\0';
    if (next != ' ' && next != '{') continue;  // a longer name with this prefix
    auto sp = line.rfind('}');
    sp = line.find(' ', sp == std::string::npos ? name.size() : sp);
    if (sp == std::string::npos) continue;
    char* end = nullptr;
    double v = std::strtod(line.c_str() + sp + 1, &end);
    if (end == line.c_str() + sp + 1) continue;
    sum = sum.value_or(0) + v;
  }
  return sum;
}

std::optional<double> scrape_metric(int port, std::string_view name, std::chrono::milliseconds timeout) {
  auto answer = http_get("127.0.0.1", port, "/metrics", timeout);
  if (answer.status != 200) return std::nullopt;
  return metric_sum(answer.body, name);
}

}  // namespace gilbench::sweep
