#include "sweep/proc_sampler.h"

#include <algorithm>

namespace gilbench::sweep {

using proc::process_tree;
using proc::read_proc;

TreeSampler::TreeSampler(pid_t root, std::chrono::milliseconds period, const std::string& powercap_root)
    : root_(root), period_(period), energy_counters_(powercap_root) {}

TreeSampler::~TreeSampler() {
  if (running_) stop();
}

void TreeSampler::start() {
  {
    std::lock_guard lk(mu_);
    first_.clear();
    last_.clear();
    usage_ = TreeUsage{};
    energy_.start();
    for (pid_t pid : process_tree(root_))
      if (auto p = read_proc(pid)) first_[pid] = *p;
  }
  sample();
  running_ = true;
  thread_ = std::thread([this] {
    while (running_) {
      auto next = std::chrono::steady_clock::now() + period_;
      while (running_ && std::chrono::steady_clock::now() < next)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (running_) sample();
    }
  });
}

void TreeSampler::sample() {
  std::int64_t rss = 0, pss = 0, uss = 0;
  bool have_pss = false;
  int threads = 0, procs = 0;
  std::map<pid_t, ProcStat> now;
  for (pid_t pid : process_tree(root_)) {
    auto p = read_proc(pid);
    if (!p) continue;
    rss += p->rss_kb;
    if (p->pss_kb >= 0) {
      pss += p->pss_kb;
      uss += std::max<std::int64_t>(0, p->uss_kb);
      have_pss = true;
    }
    threads += p->threads;
    ++procs;
    now[pid] = *p;
  }
  std::lock_guard lk(mu_);
  energy_.sample();
  for (auto& [pid, p] : now) last_[pid] = p;
  if (procs == 0) return;
  usage_.samples++;
  usage_.peak_rss_kb = std::max(usage_.peak_rss_kb, rss);
  if (have_pss) usage_.peak_pss_kb = std::max(usage_.peak_pss_kb, pss);
  if (have_pss) usage_.peak_uss_kb = std::max(usage_.peak_uss_kb, uss);
  usage_.peak_threads = std::max(usage_.peak_threads, threads);
  usage_.peak_processes = std::max(usage_.peak_processes, procs);
}

TreeUsage TreeSampler::stop() {
  if (running_) {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }
  sample();
  std::lock_guard lk(mu_);
  TreeUsage u = usage_;
  if (energy_.measured()) {
    u.energy_source = energy_counters_.source();
    u.energy_pkg_j = energy_.package_j();
    if (energy_.has_dram()) u.energy_dram_j = energy_.dram_j();
  } else {
    u.energy_why_not = energy_counters_.available() ? "a RAPL counter became unreadable in the window"
                                                    : energy_counters_.why_not();
  }
  for (auto& [pid, p] : last_) {
    auto f = first_.find(pid);
    const ProcStat base = f == first_.end() ? ProcStat{} : f->second;
    u.cpu_user_s += p.cpu_user_s - base.cpu_user_s;
    u.cpu_sys_s += p.cpu_sys_s - base.cpu_sys_s;
    u.ctx_voluntary += p.ctx_voluntary - base.ctx_voluntary;
    u.ctx_involuntary += p.ctx_involuntary - base.ctx_involuntary;
    u.minflt += p.minflt - base.minflt;
    u.majflt += p.majflt - base.majflt;
  }
  return u;
}

std::vector<pid_t> TreeSampler::seen() const {
  std::lock_guard lk(mu_);
  std::vector<pid_t> out;
  for (auto& [pid, p] : last_) out.push_back(pid);
  return out;
}

}  // namespace gilbench::sweep
