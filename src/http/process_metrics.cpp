#include "http/process_metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <vector>

#include "proc/proc_stat.h"

namespace gilbench::http {

namespace {

int count_fds(pid_t pid) {
  int n = 0;
  if (DIR* d = ::opendir(fmt::format("/proc/{}/fd", pid).c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ++n;
    ::closedir(d);
  }
  return n;
}

// Field 22 of /proc/<pid>/stat (clock ticks after boot) plus the boot time.
double start_time_s(pid_t pid) {
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string s((std::istreambuf_iterator<char>(stat)), {});
  auto rp = s.rfind(')');
  if (rp == std::string::npos) return 0;
  std::istringstream in(s.substr(rp + 2));
  std::string f;
  for (int i = 3; i <= 22 && (in >> f); ++i) {
  }
  double btime = 0;
  std::ifstream ps("/proc/stat");
  for (std::string line; std::getline(ps, line);)
    if (line.rfind("btime ", 0) == 0) btime = std::stod(line.substr(6));
  return btime + std::stod(f.empty() ? "0" : f) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace

void append_process_metrics(std::string& out, pid_t root) {
  double cpu = 0;
  std::int64_t rss_kb = 0;
  int fds = 0;
  for (pid_t pid : proc::process_tree(root)) {
    if (auto p = proc::read_proc(pid)) {
      cpu += p->cpu_user_s + p->cpu_sys_s;
      rss_kb += p->rss_kb;
    }
    fds += count_fds(pid);
  }
  auto o = std::back_inserter(out);
  fmt::format_to(o, "# HELP process_cpu_seconds_total User and system CPU of the server's process tree.\n");
  fmt::format_to(o, "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total {:.2f}\n", cpu);
  fmt::format_to(o, "# HELP process_resident_memory_bytes RSS summed over the server's process tree.\n");
  fmt::format_to(o, "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {}\n",
                 rss_kb * 1024);
  fmt::format_to(o, "# HELP process_open_fds Open descriptors summed over the server's process tree.\n");
  fmt::format_to(o, "# TYPE process_open_fds gauge\nprocess_open_fds {}\n", fds);
  fmt::format_to(o, "# HELP process_start_time_seconds Start of the server's root process (Unix time).\n");
  fmt::format_to(o, "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds {:.2f}\n",
                 start_time_s(root));
}

}  // namespace gilbench::http
