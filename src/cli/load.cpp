#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "load/load.h"

namespace gilbench::cli {

namespace {

// Set by SIGINT/SIGTERM so an interrupted run still reports what it measured;
// a global because a signal handler can reach nothing else.
std::atomic<bool> g_stop{false};

void on_signal(int) { g_stop.store(true); }

// "10", "10s", "500ms", "250us", "2m", "1h" -> seconds.
double parse_duration(const std::string& text, const std::string& flag) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    throw CLI::ValidationError(flag, fmt::format("'{}' is not a duration (e.g. 10s, 500ms, 2m)", text));
  }
  const std::string unit = text.substr(used);
  double scale = 0;
  if (unit.empty() || unit == "s") scale = 1;
  else if (unit == "ms") scale = 1e-3;
  else if (unit == "us") scale = 1e-6;
  else if (unit == "m") scale = 60;
  else if (unit == "h") scale = 3600;
  else throw CLI::ValidationError(flag, fmt::format("unknown unit '{}' in '{}' (use us, ms, s, m, h)", unit, text));
  if (v < 0) throw CLI::ValidationError(flag, "must not be negative");
  return v * scale;
}

struct Options {
  load::LoadConfig cfg;
  bool json = false, csv = false, no_header = false;
  std::string timeline;
};

void run(const Options& o, bool duration_given) {
  load::LoadConfig cfg = o.cfg;
  // -n alone means "exactly n requests, however long that takes".
  if (cfg.max_requests > 0 && !duration_given) cfg.duration_s = 0;
  g_stop = false;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const load::LoadResult r = load::run_load(cfg, &g_stop);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (o.json) {
    load::write_json(std::cout, r);
  } else if (o.csv) {
    if (!o.no_header) load::write_csv_header(std::cout);
    load::write_csv_row(std::cout, r);
  } else {
    load::write_summary(std::cout, r);
  }
  if (!o.timeline.empty()) {
    std::ofstream f(o.timeline);
    load::write_timeline(f, r);
    if (!f) throw std::runtime_error(fmt::format("cannot write timeline to {}", o.timeline));
  }
}

}  // namespace

void add_load(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "load",
      "Load a target: closed loop (-c connections, each sends its next request when the last is "
      "answered) or open loop (--rate, latency from each request's intended send time)");
  auto o = std::make_shared<Options>();
  auto& c = o->cfg;
  cmd->add_option("url", c.url, "http://HOST:PORT/PATH, HOST a numeric IPv4 address or localhost")
      ->required();
  cmd->add_option("-t,--threads", c.threads, "Load-generator threads (one event loop each)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("-c,--connections", c.connections, "Connections kept open in total (>= threads)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option_function<std::string>(
         "-d,--duration", [o](const std::string& s) { o->cfg.duration_s = parse_duration(s, "--duration"); },
         "Measured time, warm-up excluded (10s, 500ms, 2m); with -n and no -d: until n are answered")
      ->default_str("10s");
  cmd->add_option_function<std::string>(
         "--warmup", [o](const std::string& s) { o->cfg.warmup_s = parse_duration(s, "--warmup"); },
         "Load before the measured window; nothing of it is recorded")
      ->default_str("0s");
  cmd->add_option("-n,--requests", c.max_requests,
                  "Issue exactly this many requests in the measured window, then stop (0: no limit)")
      ->capture_default_str();
  cmd->add_option_function<std::string>(
         "--timeout",
         [o](const std::string& s) {
           o->cfg.timeout_s = parse_duration(s, "--timeout");
           if (o->cfg.timeout_s <= 0) throw CLI::ValidationError("--timeout", "must be positive");
         },
         "Per request (from its write) and per connect; a late answer is a timeout error")
      ->default_str("5s");
  cmd->add_option("--rate", c.rate_rps,
                  "Open loop at this total rate in req/s (0: closed loop); latency is then measured "
                  "from each request's intended send time")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e8));
  cmd->add_option("--spin-us", c.spin_us,
                  "Open loop: busy-poll instead of sleeping when the next send is due within this "
                  "many µs (burns a core per thread; helps only where a core is free, see docs/load.md)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--mode", c.request.mode, "Workload of each request: cpu, io or noop")
      ->capture_default_str()
      ->check(CLI::IsMember({"cpu", "io", "noop"}));
  cmd->add_option("--iters", c.request.iters, "cpu: SHA-256 chain length")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
  cmd->add_option("--seed", c.request.seed, "cpu: seed string of the chain")->capture_default_str();
  cmd->add_option("--key-space", c.request.key_space, "io: keys k0..k{N-1} are asked for")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
  cmd->add_option("--key-dist", c.request.key_dist, "io: key popularity, uniform or zipf (k0 most popular)")
      ->capture_default_str()
      ->check(CLI::IsMember({"uniform", "zipf"}));
  cmd->add_option("--zipf-s", c.request.zipf_s, "io, zipf: exponent s (key rank r has weight 1/r^s)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--wait-ms", c.request.wait_ms, "io: mean wait the server is asked to model, in ms")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3'600'000.0));
  cmd->add_option("--wait-dist", c.request.wait_dist, "io: wait distribution, exp or fixed")
      ->capture_default_str()
      ->check(CLI::IsMember({"exp", "fixed"}));
  cmd->add_option("--rng-seed", c.request.rng_seed, "io: seed of the key draw (same seed, same keys)")
      ->capture_default_str();
  cmd->add_option("--body", c.request.body, "Raw request body sent as is (overrides --mode)");
  cmd->add_option("--method", c.request.method, "HTTP method; GET sends no body")
      ->capture_default_str()
      ->check(CLI::IsMember({"POST", "GET"}));
  auto* json = cmd->add_flag("--json", o->json, "Print the whole result as JSON (percentile spectrum included)");
  auto* csv = cmd->add_flag("--csv", o->csv,
                            "Print a CSV header and one row: the `load` columns of docs/csv-schema.md");
  json->excludes(csv);
  cmd->add_flag("--no-header", o->no_header, "With --csv: the row only, for appending to a file");
  cmd->add_option("--timeline", o->timeline, "Write a per-second CSV timeline to this file");
  cmd->callback([o, cmd] {
    if (o->cfg.connections < o->cfg.threads)
      throw CLI::ValidationError("--connections",
                                 fmt::format("{} connections cannot be spread over {} threads",
                                             o->cfg.connections, o->cfg.threads));
    run(*o, cmd->get_option("--duration")->count() > 0);
  });
}

}  // namespace gilbench::cli
