#include "sweep/progress.h"

#include <fmt/format.h>

namespace gilbench::sweep {

Progress::Progress(std::ostream& out, bool tty, std::size_t total, double cell_estimate_s)
    : out_(out), tty_(tty), total_(total), estimate_s_(cell_estimate_s) {}

std::string Progress::format_duration(double s) {
  if (s < 0) s = 0;
  auto t = static_cast<long>(s + 0.5);
  if (t >= 3600) return fmt::format("{}h{:02}m", t / 3600, t / 60 % 60);
  if (t >= 60) return fmt::format("{}m{:02}s", t / 60, t % 60);
  return fmt::format("{}s", t);
}

double Progress::eta_s() const {
  // Measured mean once a cell has run: start/stop costs differ by target.
  double per = done_ ? measured_s_ / done_ : estimate_s_;
  double left = static_cast<double>(total_ - skipped_ - done_);
  double in_cell = std::chrono::duration<double>(std::chrono::steady_clock::now() - cell_start_).count();
  return left * per - std::min(in_cell, per);
}

void Progress::skipped(std::size_t count) {
  skipped_ = count;
  if (count) message(fmt::format("resuming: {} of {} cells already done", count, total_));
}

void Progress::cell_started(std::size_t index, const std::string& label) {
  index_ = index;
  current_ = label;
  cell_start_ = std::chrono::steady_clock::now();
  if (tty_) redraw();
}

void Progress::cell_finished(const std::string& label, const std::string& summary) {
  measured_s_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - cell_start_).count();
  ++done_;
  if (tty_) {
    out_ << "\r\033[K" << label << "  " << summary << "\n";
    redraw();
  } else {
    out_ << fmt::format("[{}/{}] {}  {}  (ETA {})\n", index_ + 1, total_, label, summary,
                        format_duration(eta_s()));
  }
  out_.flush();
}

void Progress::message(const std::string& line) {
  if (tty_) out_ << "\r\033[K";
  out_ << line << "\n";
  if (tty_ && !current_.empty()) redraw();
  out_.flush();
}

void Progress::redraw() {
  const int width = 24;
  std::size_t finished = skipped_ + done_;
  int filled = total_ ? static_cast<int>(width * finished / total_) : width;
  std::string label = current_.size() > 60 ? current_.substr(0, 57) + "..." : current_;
  out_ << fmt::format("\r\033[K[{}{}] {}/{} {}  ETA {}", std::string(filled, '#'),
                      std::string(width - filled, '.'), index_ + 1, total_, label,
                      format_duration(eta_s()));
  out_.flush();
}

void Progress::finish() {
  current_.clear();  // no bar is redrawn after this
  if (tty_) out_ << "\r\033[K";
  out_.flush();
}

}  // namespace gilbench::sweep
