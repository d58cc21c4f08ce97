// `gilbench pool`: the notebook's in-process experiment, without HTTP. A
// producer submits `tasks` workload runs to a bounded queue drained by
// `workers` threads (one engine Worker each) or forked processes (one engine
// each, made after fork). It measures what the HTTP figures mix together:
// how long a submit blocks (enqueue wait), how long a task sits queued
// (queue wait) and how long it runs (service time).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "results/csv.h"
#include "workloads/workload.h"

namespace gilbench::pool {

struct PoolConfig {
  std::string kind = "threads";  // threads | procs
  std::string engine = "native";
  int workers = 4;
  int tasks = 200;
  int queue = 64;                // bounded queue capacity
  std::string mode = "cpu";      // the workload's name (workloads/registry.h)
  workloads::Values values;      // its fields; defaults are filled in
  std::string db_path = "gilbench.db";
  engines::EngineOptions engine_options;  // engines/options.h
};

struct Percentiles {
  double mean_us = 0;
  std::int64_t p50_us = 0, p99_us = 0, max_us = 0;
};

struct PoolResult {
  PoolConfig config;
  std::string error;  // non-empty: the run failed (engine did not start, ...)
  int completed = 0;
  double wall_s = 0;
  double throughput_tps = 0;  // completed tasks per second of wall time
  Percentiles service, queue_wait, enqueue_wait;
};

// Never throws for a bad engine or store: the error is in the result.
// Throws std::invalid_argument for an invalid config.
PoolResult run_pool(const PoolConfig& config);

// pool.csv (docs/csv-schema.md, "pool.csv").
const std::vector<std::string>& pool_columns();
results::Row pool_row(const PoolResult& r);
void write_pool_table(std::ostream& out, const std::vector<PoolResult>& results);

// Exact percentiles of a sample (sorted in place).
Percentiles percentiles(std::vector<std::int64_t>& us);

}  // namespace gilbench::pool
