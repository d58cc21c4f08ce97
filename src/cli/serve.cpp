#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/engine_options.h"
#include "engines/engine.h"
#include "engines/options.h"
#include "engines/registry.h"
#include "models/drain.h"
#include "models/model.h"
#include "models/registry.h"
#include "store/kv_store.h"

namespace gilbench::cli {

void add_serve(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Run the gilbench HTTP server (POST /score, GET /healthz, GET /metrics)");
  auto cfg = std::make_shared<models::ServeConfig>();
  cfg->db = store::kDefaultDbPath;
  std::vector<std::string> names;
  for (auto& m : models::model_registry()) names.emplace_back(m.name);
  cmd->add_option("--model", cfg->model, models::models_help())
      ->capture_default_str()
      ->check(CLI::IsMember(names));
  cmd->add_option("--engine", cfg->engine,
                  fmt::format("What runs the workload: {}", engines::engine_names()))
      ->capture_default_str();
  cmd->add_option("--workers", cfg->workers, models::workers_help())
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  // The model options: parsed, checked and documented by models/options.h.
  for (const models::OptionDef& d : models::model_options()) {
    auto parse = [&d](std::string& text) {
      models::ModelOptions scratch;
      return d.parse(text, scratch);
    };
    cmd->add_option_function<std::string>(
           d.flag(),
           [cfg, &d](const std::string& text) {
             models::ModelOptions o;
             d.parse(text, o);
             models::apply(o, *cfg);
           },
           models::option_help(d.key))
        ->type_name(d.integer ? "INT" : "TEXT")
        ->default_str(d.default_text())
        ->check(CLI::Validator(parse, d.choices));
  }
  cmd->add_option("--host", cfg->host, "IPv4 address to bind")->capture_default_str();
  cmd->add_option("--port", cfg->port, "TCP port; 0 picks a free one (printed on start)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--db", cfg->db, "SQLite store (create it with `gilbench db init`)")
      ->capture_default_str();
  cmd->add_option("--max-iters", cfg->server.limits.max_iters, "Largest cpu `iters` accepted")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
  cmd->add_option("--max-work", cfg->server.limits.max_work_bytes,
                  "Most work one request may ask for, in bytes fed to SHA-256 (cpu: 64 per iteration; "
                  "hash: iters x (size + 32)); more is answered 422 over_budget")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{64}, std::int64_t{1} << 60));
  cmd->add_option("--max-body", cfg->server.max_body, "Largest request body in bytes (413 above)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, std::size_t{64} << 20));
  cmd->add_option("--max-header", cfg->server.max_header,
                  "Largest request header block in bytes (431 above)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 20));
  cmd->add_option("--max-connections", cfg->server.max_connections,
                  "Open connections per process; more are answered 503 and closed")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  auto* timeout = cmd->add_option_function<double>(
      "--read-timeout",
      [cfg](double s) { cfg->server.read_timeout = std::chrono::milliseconds(static_cast<long>(s * 1000)); },
      "Seconds allowed to receive one whole request, keep-alive idle time included");
  timeout->default_str("30")->check(CLI::Range(0.05, 86400.0));
  auto seconds = [](std::chrono::milliseconds& into) {
    return [&into](double s) { into = std::chrono::milliseconds(static_cast<long>(s * 1000)); };
  };
  cmd->add_option_function<double>(
         "--write-timeout", seconds(cfg->server.write_timeout),
         "Seconds allowed to hand one answer to a client that is not reading; the connection is "
         "closed after it")
      ->default_str("10")
      ->check(CLI::Range(0.05, 86400.0));
  cmd->add_option_function<double>(
         "--drain-timeout", seconds(cfg->server.drain_timeout),
         "On SIGTERM/SIGINT, seconds requests already received may still run; then they are "
         "answered 503 shutting_down (threads, procs: running cpu and hash work stops at its next check) and serve "
         "exits with status 3, at most --drain-timeout + 10 s after the signal")
      ->default_str("10")
      ->check(CLI::Range(0.0, 3600.0));
  add_engine_options(cmd, cfg->engine_options);
  cmd->callback([cfg] {
    // An unknown engine, an option it does not read, an interpreter this
    // build lacks, gil off on a GIL build: one line before anything starts.
    const auto* engine = engines::find_engine(cfg->engine);
    if (engine == nullptr)
      throw CLI::ValidationError("--engine", fmt::format("unknown engine '{}' (expected: {})", cfg->engine,
                                                         engines::engine_names()));
    if (auto problem = engines::check_options(*engine, cfg->engine_options); !problem.empty())
      throw CLI::ValidationError(problem);
    models::serve(*cfg, [cfg](int port) {
      std::cout << fmt::format("gilbench serve: listening on http://{}:{} model={} engine={} workers={}{}",
                               cfg->host, port, cfg->model, cfg->engine, models::effective_workers(*cfg),
                               models::startup_options(*cfg))
                << std::endl;
    });
    if (auto n = models::abandoned_requests(); n > 0) {
      std::cerr << fmt::format("gilbench serve: {} request(s) abandoned at the drain deadline\n", n);
      throw CLI::RuntimeError(models::kExitAbandoned);
    }
  });
}

}  // namespace gilbench::cli
