#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <tuple>
#include <vector>
#include <thread>

#include "cli/commands.h"
#include "sweep/runner.h"
#include "sweep/shard.h"

namespace gilbench::cli {

namespace {
// Runs `sweep`, turning SIGINT/SIGTERM into Sweep::interrupt() on a thread of
// its own: the signals are blocked before any thread exists (so every thread
// inherits the mask) and taken with sigwait, so no handler runs in an
// arbitrary thread. Returns the exit status.
int run_with_signals(sweep::Sweep& s, sweep::SweepSummary& sum) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&set, &sig);
    if (sig != SIGUSR1) {
      std::cerr << "\ngilbench sweep: stopping (signal " << sig << "); the target is being killed\n";
      s.interrupt();
    }
  });
  int rc = 0;
  try {
    sum = s.run();
    // 3: the sweep finished, but some cells failed or were degraded; every
    // row is written and the report shows them (docs/methodology.md).
    rc = sum.interrupted ? 130 : (sum.failed || sum.degraded) ? 3 : 0;
  } catch (const std::exception& e) {
    std::cerr << "gilbench sweep: error: " << e.what() << "\n";
    rc = 1;
  }
  pthread_kill(watcher.native_handle(), SIGUSR1);
  watcher.join();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  return rc;
}
// `gilbench sweep merge DIR... -o OUT`: the shards of one sharded sweep as
// one results directory.
void add_sweep_merge(CLI::App* sweep_cmd) {
  auto* cmd = sweep_cmd->add_subcommand(
      "merge", "Merge the results directories of every shard of one experiment (sweep --shard i/N) into one "
               "that `gilbench report` reads; refuses shards of different experiment files, git revisions or "
               "shard counts, and names missing or unfinished shards");
  auto dirs = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("dirs", *dirs, "Each shard's results directory")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("-o,--out", *out, "The merged results directory (created; must not exist or be empty)")
      ->required();
  cmd->callback([dirs, out] {
    const sweep::MergeSummary m = sweep::merge_shards(*dirs, *out);
    std::cerr << fmt::format("gilbench sweep merge: {} shard(s), {} cell row(s) from {} machine(s)\n", m.shards,
                             m.rows, m.hosts.size());
    std::cout << *out << std::endl;
  });
}

}  // namespace

void add_sweep(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "sweep",
      "Run an experiment: every cell (target x workload x concurrency or rate x repetition) of a "
      "TOML file, one CSV row per cell in results/<name>-<timestamp>/. Rerunning the same "
      "command resumes the newest unfinished directory of that experiment file. Prints the "
      "results directory as its last line. Exit status: 0 all cells ok, 3 finished with failed or "
      "degraded cells (all rows written), 1 error before or outside cells, 130 interrupted.");
  struct Opts {
    std::string file;
    std::string out = "results";
    std::string resume;
    bool fresh = false;
    std::string bin;
    sweep::Shard shard;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("experiment", o->file, "Experiment file, e.g. experiments/quick.toml")->check(CLI::ExistingFile);
  cmd->add_option_function<std::string>(
      "--shard",
      [o](const std::string& s) { std::tie(o->shard.index, o->shard.count) = parse_part(s, "--shard"); },
      "i/N: run only shard i of N, the repetition rounds r with r mod N = i-1 (each round whole), into "
      "<out>/<name>-shard<i>of<N>-<timestamp>; combine the N directories with `sweep merge` (docs/distributed.md)");
  add_sweep_merge(cmd);
  cmd->add_option("--out", o->out, "Directory that holds results directories")->capture_default_str();
  cmd->add_option("--resume", o->resume, "Resume this results directory (made by the same file)")
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--new", o->fresh, "Start a new results directory even if an unfinished one exists");
  cmd->add_option("--gilbench", o->bin, "gilbench binary for gilbench targets (default: this one)");
  cmd->callback([o, cmd] {
    if (cmd->got_subcommand("merge")) return;
    if (o->file.empty()) throw CLI::RequiredError("experiment");
    sweep::Experiment e = sweep::load_experiment(o->file);
    sweep::SweepOptions so;
    so.results_base = o->out;
    so.resume_dir = o->resume;
    so.fresh = o->fresh;
    so.gilbench_bin = o->bin;
    so.shard = o->shard;
    so.out = &std::cerr;
    so.tty = ::isatty(2);
    sweep::Sweep s(std::move(e), so);
    sweep::SweepSummary sum;
    int rc = run_with_signals(s, sum);
    // Said before the directory, which stays the last line of the output.
    if (rc == 3)
      std::cerr << fmt::format("gilbench sweep: {} failed and {} degraded cell(s); see the report\n", sum.failed,
                               sum.degraded);
    if (!sum.dir.empty() && rc != 1) std::cout << sum.dir << std::endl;
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace gilbench::cli
