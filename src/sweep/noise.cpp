#include "sweep/noise.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace gilbench::sweep {

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class SystemNoiseSource : public NoiseSource {
 public:
  std::string proc_stat() override { return slurp("/proc/stat"); }
  std::string loadavg() override { return slurp("/proc/loadavg"); }
  double ticks_per_second() override { return static_cast<double>(::sysconf(_SC_CLK_TCK)); }
  double self_cpu_s() override {
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
    return s(ru.ru_utime) + s(ru.ru_stime);
  }
  // cpufreq's current frequency where the kernel exposes it; else the
  // "cpu MHz" of /proc/cpuinfo (on VMs often the nominal clock, not the
  // current one: docs/methodology.md says so).
  std::optional<double> cpu_mhz() override {
    std::vector<double> khz;
    std::error_code ec;
    for (auto& d : std::filesystem::directory_iterator("/sys/devices/system/cpu", ec)) {
      std::ifstream f(d.path() / "cpufreq" / "scaling_cur_freq");
      double v = 0;
      if (f >> v && v > 0) khz.push_back(v);
    }
    if (!khz.empty()) {
      double sum = 0;
      for (double v : khz) sum += v;
      return sum / static_cast<double>(khz.size()) / 1000.0;
    }
    std::istringstream in(slurp("/proc/cpuinfo"));
    std::vector<double> mhz;
    for (std::string line; std::getline(in, line);)
      if (line.rfind("cpu MHz", 0) == 0)
        if (auto c = line.find(':'); c != std::string::npos) mhz.push_back(std::atof(line.c_str() + c + 1));
    if (mhz.empty()) return std::nullopt;
    double sum = 0;
    for (double v : mhz) sum += v;
    return sum / static_cast<double>(mhz.size());
  }
};
}  // namespace

CpuTimes parse_proc_stat(std::string_view text) {
  auto pos = text.find("cpu ");
  if (pos != 0 && (pos == std::string_view::npos || text[pos - 1] != '\n'))
    throw std::runtime_error("no aggregate cpu line in /proc/stat");
  std::istringstream in(std::string(text.substr(pos + 4, text.find('\n', pos) - pos - 4)));
  CpuTimes t;
  in >> t.user >> t.nice >> t.system >> t.idle >> t.iowait >> t.irq >> t.softirq >> t.steal;
  if (in.fail()) throw std::runtime_error("malformed cpu line in /proc/stat");
  return t;
}

std::optional<double> parse_loadavg(std::string_view text) {
  std::istringstream in{std::string(text)};
  double v = 0;
  if (in >> v) return v;
  return std::nullopt;
}

std::unique_ptr<NoiseSource> system_noise_source() { return std::make_unique<SystemNoiseSource>(); }

void NoiseMonitor::start() {
  at_start_ = parse_proc_stat(src_.proc_stat());
  self_at_start_ = src_.self_cpu_s();
}

NoiseReading NoiseMonitor::stop(double target_cpu_s, double window_s) {
  CpuTimes end = parse_proc_stat(src_.proc_stat());
  const double self_s = src_.self_cpu_s() - self_at_start_;
  NoiseReading r;
  const double hz = src_.ticks_per_second();
  const double total = static_cast<double>(end.total() - at_start_.total());
  if (total > 0) r.steal_pct = 100.0 * static_cast<double>(end.steal - at_start_.steal) / total;
  // steal is in busy() but is time nobody on this machine ran: not "others".
  const double busy_s =
      static_cast<double>((end.busy() - end.steal) - (at_start_.busy() - at_start_.steal)) / hz;
  if (window_s > 0) r.other_cpu_pct = std::max(0.0, 100.0 * (busy_s - target_cpu_s - self_s) / window_s);
  r.loadavg1 = parse_loadavg(src_.loadavg());
  r.cpu_mhz = src_.cpu_mhz();
  std::vector<std::string> why;
  if (r.other_cpu_pct > kNoisyOtherCpuPct)
    why.push_back(fmt::format("other processes used {:.0f}% of a core (limit {:.0f}%)", r.other_cpu_pct, kNoisyOtherCpuPct));
  if (r.steal_pct > kNoisyStealPct)
    why.push_back(fmt::format("steal {:.1f}% (limit {:.0f}%)", r.steal_pct, kNoisyStealPct));
  r.noisy = !why.empty();
  r.reason = fmt::format("{}", fmt::join(why, "; "));
  return r;
}

}  // namespace gilbench::sweep
