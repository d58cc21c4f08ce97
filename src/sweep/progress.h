// Sweep progress: on a terminal one redrawn line (bar, cell k/N, current
// cell, ETA); otherwise one plain line per cell, for logs and CI.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

namespace gilbench::sweep {

class Progress {
 public:
  // `cell_estimate_s`: expected seconds per cell before any has run.
  Progress(std::ostream& out, bool tty, std::size_t total, double cell_estimate_s);

  void skipped(std::size_t count);
  void cell_started(std::size_t index, const std::string& label);
  // `summary`: e.g. "ok 1234 req/s p99 5.1 ms" or "FAILED: reason".
  void cell_finished(const std::string& label, const std::string& summary);
  void message(const std::string& line);
  void finish();

  static std::string format_duration(double seconds);

 private:
  void redraw();
  double eta_s() const;
  std::ostream& out_;
  bool tty_;
  std::size_t total_, done_ = 0, skipped_ = 0, index_ = 0;
  double estimate_s_;
  double measured_s_ = 0;
  std::string current_;
  std::chrono::steady_clock::time_point cell_start_;
};

}  // namespace gilbench::sweep
