// The noise monitor: how much of the machine was not ours while a cell was
// measured. On a shared 2-core machine another process's burst changes a
// cell's figures more than most model differences, so each row says how busy
// the rest of the machine was, and a cell measured under heavy outside load
// is flagged `noisy` (docs/methodology.md, Noise).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gilbench::sweep {

// The aggregate "cpu" line of /proc/stat, in clock ticks.
struct CpuTimes {
  std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  std::uint64_t busy() const { return user + nice + system + irq + softirq + steal; }
  std::uint64_t total() const { return busy() + idle + iowait; }
};
// Throws std::runtime_error when the text has no "cpu " line.
CpuTimes parse_proc_stat(std::string_view text);
// The 1-minute load average of /proc/loadavg text; nullopt if unreadable.
std::optional<double> parse_loadavg(std::string_view text);

// Where the readings come from: /proc and /sys in production, fixed text in
// tests.
class NoiseSource {
 public:
  virtual ~NoiseSource() = default;
  virtual std::string proc_stat() = 0;
  virtual std::string loadavg() = 0;
  virtual std::optional<double> cpu_mhz() = 0;  // mean over CPUs; nullopt: not readable
  virtual double ticks_per_second() = 0;
  virtual double self_cpu_s() = 0;  // this process's CPU (the load generator runs in it)
};
std::unique_ptr<NoiseSource> system_noise_source();

struct NoiseReading {
  double steal_pct = 0;      // steal ticks / all ticks, over the window
  double other_cpu_pct = 0;  // CPU of processes other than the target and the generator, % of one core
  std::optional<double> loadavg1;
  std::optional<double> cpu_mhz;
  bool noisy = false;
  std::string reason;  // why noisy, "" otherwise
};

// The rule: outside processes used more than kNoisyOtherCpuPct of one core on
// average, or the hypervisor stole more than kNoisyStealPct of the CPU time.
inline constexpr double kNoisyOtherCpuPct = 20.0;
inline constexpr double kNoisyStealPct = 2.0;

// Brackets one measured window: start() before it, stop() after it with the
// CPU seconds the target's process tree used in the window.
class NoiseMonitor {
 public:
  explicit NoiseMonitor(NoiseSource& src) : src_(src) {}
  void start();
  NoiseReading stop(double target_cpu_s, double window_s);

 private:
  NoiseSource& src_;
  CpuTimes at_start_;
  double self_at_start_ = 0;
};

}  // namespace gilbench::sweep
