#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/engine_options.h"
#include "cli/workload_options.h"
#include "engines/options.h"
#include "engines/registry.h"
#include "pool/pool.h"
#include "results/csv.h"
#include "store/kv_store.h"
#include "workloads/registry.h"

namespace gilbench::cli {

void add_pool(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "pool",
      "In-process pool benchmark without HTTP: a producer submits TASKS workload runs to a "
      "bounded queue drained by worker threads or forked worker processes; reports throughput, "
      "service time, enqueue wait and queue wait (table on stdout, optional CSV)");
  struct Opts {
    std::vector<std::string> kinds = {"threads", "procs"};
    std::vector<std::string> engines = {"native"};
    std::vector<int> workers = {1, 2, 4, 8, 16};
    pool::PoolConfig base;
    std::string csv;
  };
  auto o = std::make_shared<Opts>();
  o->base.db_path = store::kDefaultDbPath;
  cmd->add_option("--kind", o->kinds, "threads and/or procs")
      ->capture_default_str()
      ->check(CLI::IsMember({"threads", "procs"}));
  cmd->add_option("--engine", o->engines, engines::engine_names())->capture_default_str();
  cmd->add_option("--workers", o->workers, "Worker counts to run, e.g. --workers 1 2 4")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--tasks", o->base.tasks, "Tasks submitted per run")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--queue", o->base.queue, "Capacity of the bounded queue")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  add_workload_options(cmd, o->base.mode, o->base.values);
  cmd->add_option("--db", o->base.db_path, "SQLite store (gilbench db init)")->capture_default_str();
  add_engine_options(cmd, o->base.engine_options);
  cmd->add_option("--csv", o->csv, "Also write the results as CSV to this file (pool.csv schema)");
  cmd->callback([o] {
    const auto* workload = workloads::find(o->base.mode);
    o->base.values = workloads::complete(*workload, o->base.values);  // a bad value: one clear line
    for (auto& engine : o->engines) {  // an unknown engine or an interpreter this build lacks: one line
      const auto* d = engines::find_engine(engine);
      if (d == nullptr) throw CLI::ValidationError("--engine", "unknown engine '" + engine + "' (" + engines::engine_names() + ")");
      if (auto p = engines::check_options(*d, engines::options_read_by(engine, o->base.engine_options)); !p.empty())
        throw CLI::ValidationError("--engine " + engine, p);
    }
    std::vector<pool::PoolResult> results;
    for (auto& kind : o->kinds)
      for (auto& engine : o->engines)
        for (int w : o->workers) {
          auto c = o->base;
          c.kind = kind;
          c.engine = engine;
          c.engine_options = engines::options_read_by(engine, o->base.engine_options);
          c.workers = w;
          results.push_back(pool::run_pool(c));
        }
    std::cout << fmt::format("gilbench pool: {} tasks of {}, queue {}\n", o->base.tasks,
                             workload->label(o->base.values),
                             o->base.queue);
    pool::write_pool_table(std::cout, results);
    if (!o->csv.empty()) {
      std::ofstream out(o->csv);
      std::string header;
      for (auto& c : pool::pool_columns()) header += (header.empty() ? "" : ",") + c;
      out << header << "\n";
      for (auto& r : results) out << results::csv_line(pool::pool_columns(), pool::pool_row(r));
      if (!out) throw std::runtime_error("cannot write " + o->csv);
    }
    bool any_failed = false;
    for (auto& r : results) any_failed = any_failed || !r.error.empty();
    if (any_failed) throw CLI::RuntimeError(1);
  });
}

}  // namespace gilbench::cli
