#include "proc/proc_stat.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace gilbench::proc {

namespace {
std::int64_t field_kb(const std::string& text, const char* name) {
  auto p = text.find(name);
  if (p == std::string::npos) return -1;
  return std::strtoll(text.c_str() + p + std::char_traits<char>::length(name), nullptr, 10);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// (pid, ppid) of every process: /proc/PID/stat field 4.
std::vector<std::pair<pid_t, pid_t>> all_parents() {
  std::vector<std::pair<pid_t, pid_t>> out;
  DIR* d = ::opendir("/proc");
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    char* end;
    long pid = std::strtol(e->d_name, &end, 10);
    if (*end || pid <= 0) continue;
    std::string stat = slurp("/proc/" + std::string(e->d_name) + "/stat");
    auto rp = stat.rfind(')');
    if (rp == std::string::npos) continue;
    std::istringstream rest(stat.substr(rp + 2));
    char state;
    long ppid;
    if (rest >> state >> ppid) out.emplace_back(static_cast<pid_t>(pid), static_cast<pid_t>(ppid));
  }
  ::closedir(d);
  return out;
}
}  // namespace

std::optional<ProcStat> read_proc(pid_t pid) {
  const std::string dir = "/proc/" + std::to_string(pid);
  std::string stat = slurp(dir + "/stat");
  // comm may hold spaces and ')': fields are counted after the last ')'.
  auto rp = stat.rfind(')');
  if (rp == std::string::npos) return std::nullopt;
  std::istringstream in(stat.substr(rp + 2));
  std::vector<std::string> f;
  for (std::string s; in >> s;) f.push_back(s);
  // After ')': f[0]=state(3) f[1]=ppid(4) f[7]=minflt(10) f[9]=majflt(12)
  // f[11]=utime(14) f[12]=stime(15) f[17]=threads(20)
  if (f.size() < 18 || f[0] == "Z") return std::nullopt;
  static const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  ProcStat p;
  p.pid = pid;
  p.ppid = static_cast<pid_t>(std::stol(f[1]));
  p.minflt = std::stoll(f[7]);
  p.majflt = std::stoll(f[9]);
  p.cpu_user_s = std::stod(f[11]) / tick;
  p.cpu_sys_s = std::stod(f[12]) / tick;
  p.threads = std::stoi(f[17]);
  std::string status = slurp(dir + "/status");
  p.rss_kb = std::max<std::int64_t>(0, field_kb(status, "VmRSS:"));
  // status shows one thread's switches; the process's are the sum over its
  // tasks (a thread that exited takes its count with it: servers keep theirs).
  if (DIR* d = ::opendir((dir + "/task").c_str())) {
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;
      std::string ts = slurp(dir + "/task/" + e->d_name + "/status");
      p.ctx_voluntary += std::max<std::int64_t>(0, field_kb(ts, "\nvoluntary_ctxt_switches:"));
      p.ctx_involuntary += std::max<std::int64_t>(0, field_kb(ts, "nonvoluntary_ctxt_switches:"));
    }
    ::closedir(d);
  }
  std::string rollup = slurp(dir + "/smaps_rollup");
  if (!rollup.empty()) {
    p.pss_kb = field_kb(rollup, "\nPss:");
    p.uss_kb = std::max<std::int64_t>(0, field_kb(rollup, "\nPrivate_Clean:")) +
               std::max<std::int64_t>(0, field_kb(rollup, "\nPrivate_Dirty:"));
  }
  return p;
}

std::vector<pid_t> process_tree(pid_t root) {
  auto parents = all_parents();
  std::vector<pid_t> tree = {root};
  // Breadth-first over the parent links; the list is small (one server).
  for (std::size_t i = 0; i < tree.size(); ++i)
    for (auto& [pid, ppid] : parents)
      if (ppid == tree[i]) tree.push_back(pid);
  return tree;
}

}  // namespace gilbench::proc
