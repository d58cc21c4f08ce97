#include "sweep/runner.h"

#include <sched.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <thread>

#include "load/load.h"
#include "pool/pool.h"
#include "results/file_write.h"
#include "sweep/cell_files.h"
#include "sweep/env.h"
#include "sweep/layout.h"
#include "workloads/registry.h"
#include "sweep/outside_target.h"
#include "sweep/metrics_probe.h"
#include "sweep/noise.h"
#include "sweep/progress.h"
#include "sweep/proc_sampler.h"
#include "sweep/target.h"
#include "store/kv_store.h"

namespace gilbench::sweep {

namespace fs = std::filesystem;

namespace {
// Thrown inside a cell when interrupt() was called: no row is written.
struct Interrupted {};

std::string now_iso() { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr))); }

void write_text(const std::string& path, const std::string& text) { results::disk_writer().write(path, text, false); }

void pin_this_thread(const std::string& list) {
  if (list.empty()) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : parse_cpu_list(list)) CPU_SET(c, &set);
  // Threads created later (the load generator's) inherit this mask.
  if (::sched_setaffinity(0, sizeof set, &set) != 0)
    throw std::runtime_error("cannot pin the load generator to CPUs " + list);
}

// Holds an exclusive flock on <dir>/.lock for the sweep's life: two sweeps of
// one file would otherwise both resume the same directory and interleave rows.
class DirLock {
 public:
  explicit DirLock(const std::string& dir) {
    const std::string path = dir + "/.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw std::runtime_error("another sweep is writing " + dir + " (its lock " + path +
                               " is held); wait for it or pass --new");
    }
  }
  ~DirLock() { ::close(fd_); }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  int fd_ = -1;
};

// The store is deterministic, so a missing one is built here exactly as
// `gilbench db init` would; an unusable one stops the sweep before any cell
// (otherwise every io cell fails the same way). Returns its key count.
std::int64_t ensure_store(const std::string& path, std::string& note) {
  if (!fs::exists(path)) {
    store::init_store(path, store::kDefaultKeys);
    note = fmt::format("created the store {} ({} keys, as `gilbench db init` does)", path, store::kDefaultKeys);
  }
  try {
    return store::KvStore(path).key_count();
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("the store {} is unusable ({}); remove it and rerun, or run "
                                         "`gilbench db init --db {}`", path, e.what(), path));
  }
}

std::string self_exe() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "gilbench" : p.string();
}
}  // namespace

Sweep::Sweep(Experiment e, SweepOptions o) : e_(std::move(e)), o_(std::move(o)) {
  if (o_.gilbench_bin.empty()) o_.gilbench_bin = self_exe();
}

void Sweep::interrupt() {
  stop_ = true;
  std::lock_guard lk(mu_);
  if (current_) current_->kill_tree();
}

LaunchSpec Sweep::target_spec(const Cell& cell, const std::string& dir, const std::string& cdir) const {
  LaunchSpec s = launch_spec(e_, cell, o_.gilbench_bin, o_.source_dir, cdir + "/target.log");
  s.pgid_file = dir + "/" + results::kTargetPgid;
  return s;
}

std::string Sweep::resolve_dir(std::size_t cells) {
  if (!o_.resume_dir.empty()) {
    if (!fs::is_directory(o_.resume_dir)) throw std::runtime_error("no results directory " + o_.resume_dir);
    std::ifstream in(o_.resume_dir + "/" + results::kExperimentCopy);
    std::stringstream ss;
    ss << in.rdbuf();
    if (in && ss.str() != e_.source_text)
      throw std::runtime_error(o_.resume_dir + " was made by a different experiment file; "
                               "resuming it would mix two experiments");
    if (const Shard held = shard_of(o_.resume_dir); held != o_.shard)
      throw std::runtime_error(fmt::format("{} holds {}, not {}; resuming it would mix two shares of the cells",
                                           o_.resume_dir, held.whole() ? "a whole sweep" : "shard " + held.label(),
                                           o_.shard.whole() ? "the whole sweep" : "shard " + o_.shard.label()));
    return o_.resume_dir;
  }
  // A shard's directories have a name of their own, so a whole sweep never resumes one.
  const std::string name =
      o_.shard.whole() ? e_.name : fmt::format("{}-shard{}of{}", e_.name, o_.shard.index + 1, o_.shard.count);
  if (!o_.fresh)
    if (auto d = find_unfinished(o_.results_base, name, e_.source_text, cells)) return *d;
  return new_results_dir(o_.results_base, name);
}

SweepSummary Sweep::run() {
  auto cells = o_.shard.whole() ? e_.cells() : shard_cells(e_.cells(), e_.repetitions, o_.shard);
  SweepSummary sum;
  sum.dir = resolve_dir(cells.size());
  sum.total = cells.size();
  fs::create_directories(sum.dir + "/cells");
  DirLock lock(sum.dir);
  // Under the lock: no live sweep owns what the file names.
  const int leftovers = stop_leftovers(sum.dir + "/" + results::kTargetPgid);
  key_space_ = ensure_store(e_.db, sum.store_note);
  write_text(sum.dir + "/" + results::kExperimentCopy, e_.source_text);
  const std::string env = env_json(e_.source_path, e_.source_text, o_.source_dir);
  write_text(sum.dir + "/" + results::kEnvJson, env);
  if (!o_.shard.whole()) write_text(sum.dir + "/" + results::kShardJson, shard_json(o_.shard, env));
  results::CsvAppender csv(sum.dir + "/" + results::kResultsCsv, results::result_columns());
  pin_this_thread(e_.pin_load);

  std::ostringstream sink;
  std::ostream& out = o_.out ? *o_.out : sink;
  Progress progress(out, o_.tty, cells.size(), e_.duration_s + e_.warmup_s + 1.0);
  progress.message(fmt::format("sweep {}: {} cells in {} round(s), order seed {} -> {}", e_.name, cells.size(),
                               e_.repetitions, e_.seed, sum.dir));
  if (!sum.store_note.empty()) progress.message(sum.store_note);
  if (leftovers > 0)
    progress.message(fmt::format("stopped {} process(es) of a target that an earlier, killed sweep of {} left running",
                                 leftovers, sum.dir));
  if (csv.repaired_bytes())
    progress.message(fmt::format("dropped a torn last row ({} bytes) of results.csv", csv.repaired_bytes()));
  std::size_t skipped = 0;
  for (auto& c : cells) skipped += csv.done().count({c.id, c.rep});
  progress.skipped(skipped);
  sum.skipped = skipped;

  for (std::size_t i = 0; i < cells.size() && !stop_; ++i) {
    const Cell& cell = cells[i];
    if (csv.done().count({cell.id, cell.rep})) continue;
    progress.cell_started(i, cell.label());
    results::Row row;
    try {
      row = run_cell(cell, sum.dir);
      csv.append(row);
    } catch (const Interrupted&) {
      break;
    } catch (const results::WriteError& e) {
      // The first failed write stops the sweep: every later cell would fail
      // the same way, or worse, look ok with its files missing.
      throw results::WriteError(fmt::format("{}; the sweep stopped, and {} has no row (rerun to redo it)", e.what(),
                                            cell.label()));
    }
    using results::Status;
    const Status st = results::parse<Status>(row["status"]).value_or(Status::failed);
    (st == Status::ok ? sum.ok : st == Status::degraded ? sum.degraded : sum.failed)++;
    sum.noisy += row["noisy"] == "1";
    sum.generator_bound += row["generator_bound"] == "1";
    std::string flags = std::string(row["noisy"] == "1" ? " [noisy]" : "") +
                        (row["generator_bound"] == "1" ? " [generator-bound]" : "");
    progress.cell_finished(cell.label(),
                           st == Status::failed ? "FAILED: " + row["error"]
                                          : fmt::format("{} {} req/s, p99 {} us{}{}", st, row["throughput_rps"],
                                                        row["lat_p99_us"], flags,
                                                        st == Status::degraded ? ": " + row["error"] : ""));
  }
  if (!stop_ && o_.shard.index == 0) run_capacity(sum.dir);
  if (!stop_ && e_.pool && o_.shard.index == 0) run_pool(sum.dir);
  sum.interrupted = stop_;
  progress.finish();
  progress.message(sum.interrupted
                       ? fmt::format("interrupted: rerun the same command to resume {}", sum.dir)
                       : fmt::format("done: {} ok, {} degraded, {} failed, {} resumed ({} noisy, {} "
                                     "generator-bound) -> {}/results.csv",
                                     sum.ok, sum.degraded, sum.failed, sum.skipped, sum.noisy,
                                     sum.generator_bound, sum.dir));
  return sum;
}

results::Row Sweep::run_cell(const Cell& cell, const std::string& dir) {
  results::Row row = base_row(e_, cell);
  row["started_at"] = now_iso();
  const std::string cdir = results::cell_dir(dir, cell.id, cell.rep);
  fs::create_directories(cdir);
  // A cell redone on resume starts with no notes of the attempt that wrote no row.
  std::error_code gone;
  fs::remove(cdir + "/notes.txt", gone);
  std::string noisy_note;
  auto failed = [&](const std::string& why) {
    row["status"] = results::to_string(results::Status::failed);
    row["error"] = why;
    return row;
  };

  // A url target runs elsewhere: nothing to start, stop or sample in /proc.
  const bool remote = cell.target.kind == "url";
  std::optional<Target> target;
  try {
    if (remote)
      wait_url_ready(cell.target, std::chrono::milliseconds(static_cast<long>(e_.start_timeout_s * 1000)));
    else
      target.emplace(Target::start(target_spec(cell, dir, cdir)));
  } catch (const TargetError& ex) {
    if (stop_) throw Interrupted{};
    return failed(ex.what());
  }
  {
    std::lock_guard lk(mu_);
    current_ = target ? &*target : nullptr;
  }
  struct Clear {
    Sweep* s;
    ~Clear() {
      std::lock_guard lk(s->mu_);
      s->current_ = nullptr;
    }
  } clear{this};

  load::LoadConfig lc = load_config(e_, cell, target ? target->port() : 0, key_space_);
  if (remote) lc.url = cell.target.url + "/score";
  else fill_runtime(row, target->ready_body());
  RemoteProcess remote_before, remote_after;
  load::LoadResult result;
  TreeUsage usage;
  std::string error;
  auto noise_src = system_noise_source();
  NoiseMonitor noise(*noise_src);
  const auto restarts_before =
      target ? scrape_metric(target->port(), "gilbench_worker_restarts_total", std::chrono::seconds(2)) : std::nullopt;
  try {
    // One run with its warm-up: a separate warm-up run would leave its
    // unanswered requests queued in the server, and a slow workload would
    // spend the measured window draining them. The /proc sampler and the
    // noise monitor run on a timer from the warm-up's end to the window's
    // end, so their window matches the measured one to within a few
    // milliseconds and leaves out the drain after it (the CPU and context
    // switches are divided by the window's answers, not the drain's).
    std::optional<TreeSampler> sampler;
    if (target) sampler.emplace(target->pid());
    std::optional<NoiseReading> nr;
    run_done_ = false;
    std::thread window([&] {
      using SClock = std::chrono::steady_clock;
      auto wait_until = [&](auto at) {
        while (!stop_ && !run_done_.load() && SClock::now() < at) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      };
      const auto begin = SClock::now() + std::chrono::duration<double>(e_.warmup_s);
      wait_until(begin);
      if (stop_ || run_done_.load()) return;
      if (sampler) sampler->start();
      else remote_before = scrape_process(cell.target, std::chrono::seconds(2));
      noise.start();
      wait_until(begin + std::chrono::duration<double>(lc.duration_s));
      const double window_s = std::chrono::duration<double>(SClock::now() - begin).count();
      if (sampler) usage = sampler->stop();
      else remote_after = scrape_process(cell.target, std::chrono::seconds(2));
      nr = noise.stop(usage.cpu_user_s + usage.cpu_sys_s, window_s);
    });
    try {
      result = load::run_load(lc, &stop_);
    } catch (...) {
      run_done_ = true;
      window.join();
      throw;
    }
    run_done_ = true;
    window.join();
    if (nr) {
      row["noise_steal_pct"] = fmt::format("{:.1f}", nr->steal_pct);
      row["noise_other_cpu_pct"] = fmt::format("{:.1f}", nr->other_cpu_pct);
      if (nr->loadavg1) row["noise_loadavg1"] = fmt::format("{:.2f}", *nr->loadavg1);
      if (nr->cpu_mhz) row["noise_cpu_mhz"] = fmt::format("{:.0f}", *nr->cpu_mhz);
      row["noisy"] = nr->noisy ? "1" : "0";
      if (nr->noisy) noisy_note = "noisy: " + nr->reason;  // written with the cell's files, checked
    }
    if (auto r = target ? target->exit_reason() : ""; !r.empty()) error = "target " + r + " during the run";
  } catch (const std::exception& ex) {
    error = std::string("load: ") + ex.what();
  }
  long restarts = 0;
  if (restarts_before && error.empty())
    if (auto after = scrape_metric(target->port(), "gilbench_worker_restarts_total", std::chrono::seconds(2)))
      restarts = static_cast<long>(*after - *restarts_before);
  if (restarts > 0) row["worker_restarts"] = std::to_string(restarts);
  // The engine's facts once more after the window: python_gil is then
  // whether the GIL was on at the cell's end (an import may turn it on).
  if (target && error.empty())
    if (auto h = http_get("127.0.0.1", target->port(), "/healthz", std::chrono::seconds(2)); h.status == 200)
      fill_runtime(row, h.body);
  std::string stop_note =
      target ? target->stop(std::chrono::milliseconds(static_cast<long>(e_.stop_timeout_s * 1000))) : "";
  if (stop_) throw Interrupted{};
  if (!noisy_note.empty()) append_note(cdir, noisy_note);
  if (!stop_note.empty()) append_note(cdir, "stop: " + stop_note);
  if (result.duration_s > 0) {
    fill_load(row, result, e_);
    if (remote) fill_remote_proc(row, remote_before, remote_after, result.duration_s);
    else fill_proc(row, usage, result);
    if (const auto* w = workloads::find(cell.workload.mode); w && w->keyed())
      row["key_space"] = std::to_string(key_space_);
    write_cell_files(cdir, result);
  }
  if (!error.empty()) return failed(error);
  std::string why;
  row["status"] = results::to_string(cell_status(result, restarts, why));
  row["error"] = why;
  return row;
}

void Sweep::run_pool(const std::string& dir) {
  const std::string path = dir + "/" + results::kPoolCsv;
  if (fs::exists(path) && results::read_csv(path).size() > 0) return;  // done in an earlier run
  const auto& p = *e_.pool;
  const std::string tmp = path + ".tmp";
  {
    results::CsvAppender csv(tmp, pool::pool_columns());
    for (auto& kind : p.kinds)
      for (auto& engine : p.engines)
        for (int w : p.workers) {
          if (stop_) return;
          pool::PoolConfig pc{kind, engine, w, p.tasks, p.queue, p.mode, p.values, e_.db, 0};
          if (o_.out) *o_.out << fmt::format("pool {} {} workers={} ...", kind, engine, w) << std::flush;
          auto r = pool::run_pool(pc);
          if (o_.out)
            *o_.out << (r.error.empty() ? fmt::format(" {:.1f} tasks/s\n", r.throughput_tps) : " FAILED: " + r.error + "\n");
          csv.append(pool::pool_row(r));
        }
  }
  // All or nothing: a half pool grid is redone, never mixed.
  fs::rename(tmp, path);
}

}  // namespace gilbench::sweep
