#include "report/gnuplot.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

namespace gilbench::report {

namespace fs = std::filesystem;

const char* const kGnuplotPrelude =
    "set termoption noenhanced\nset grid lc rgb '#dddddd'\nset key outside right top vertical font ',9'\n"
    "set border lc rgb '#444444'\nset datafile missing 'NaN'\n";

std::string gp_quote(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("''") : std::string(1, c);
  return o + "'";
}

std::string gp_label(std::string s) {
  for (auto& c : s)
    if (c == '"') c = '\'';
  return s;
}

namespace {
// True if a gnuplot log holds an error (warnings, e.g. a one-point range
// being widened, are fine).
bool script_errors(const std::string& log) {
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    std::string low = line;
    for (auto& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low.find("warning") != std::string::npos) continue;
    if (low.find("\" line ") != std::string::npos || low.find("error") != std::string::npos) return true;
  }
  return false;
}

// Runs `gnuplot script` with its stderr in `log` and its stdout discarded.
// No shell: a path holding ' " $ or a space reaches gnuplot as it is (the
// paths inside the script are quoted for gnuplot by gp_quote). Returns false
// if gnuplot could not be started or did not exit 0.
bool run_gnuplot(const std::string& script, const std::string& log) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char* argv[] = {const_cast<char*>("gnuplot"), const_cast<char*>(script.c_str()), nullptr};
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, "gnuplot", &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    std::ofstream(log, std::ios::app) << "cannot run gnuplot: " << std::strerror(rc) << "\n";
    return false;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct Terminal {
  const char* ext;
  std::string line;  // set terminal ...
};
}  // namespace

Plot render_plot(const std::string& dir, const std::string& name, const std::string& title, const std::string& body,
                 int w, int h, bool pdf, std::vector<std::string>& warnings) {
  Plot p{name, title, dir + "/" + name + ".svg", dir + "/" + name + ".png", pdf ? dir + "/" + name + ".pdf" : "",
         pdf ? dir + "/" + name + ".slide.pdf" : "", true};
  std::vector<Terminal> terms = {
      {"svg", fmt::format("set terminal svg size {},{} font 'Helvetica,11' background rgb 'white'", w, h)},
      {"png", fmt::format("set terminal pngcairo size {},{} font 'Sans,10'", w, h)}};
  if (pdf) {
    // A figure is scaled to the text width (about 6.5 in): a wide one gets
    // a larger font so that its labels still read at about 8 pt.
    terms.push_back({"pdf", fmt::format("set terminal pdfcairo size {:.2f}in,{:.2f}in font 'Helvetica,{:.1f}' linewidth {:.1f}",
                                        w / 150.0, h / 150.0, std::max(8.0, 8.0 * w / 975.0),
                                        std::max(1.5, 1.5 * w / 975.0))});
    // Slides show a figure about 2 in high: the same plot on a smaller
    // page, so its text is not shrunk to nothing.
    terms.push_back({"slide.pdf", fmt::format("set terminal pdfcairo size {:.2f}in,{:.2f}in font 'Helvetica,{:.1f}' linewidth 1.2",
                                              w / 250.0, h / 250.0, std::max(7.0, 7.0 * w / 1300.0))});
  }
  for (auto& t : terms) {
    const std::string out = dir + "/" + name + "." + t.ext;
    const std::string script = out + ".gp", log = out + ".log";
    bool written = false;
    {
      std::ofstream gp(script);
      gp << t.line << "\nset output " << gp_quote(out) << "\n" << kGnuplotPrelude << body;
      written = static_cast<bool>(gp.flush());
    }
    std::error_code ec;
    if (!written || !run_gnuplot(script, log) || fs::file_size(out, ec) == 0 || ec || script_errors(log)) {
      // gnuplot exits 0 on some script errors, so its stderr decides too.
      warnings.push_back(fmt::format("gnuplot failed for {}.{} (see {})", name, t.ext, log));
      p.ok = false;
    } else {
      fs::remove(log, ec);
    }
  }
  return p;
}

}  // namespace gilbench::report
