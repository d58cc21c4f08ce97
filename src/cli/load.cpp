#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <tuple>
#include <vector>

#include "cli/commands.h"
#include "cli/workload_options.h"
#include "load/find_rate.h"
#include "load/load.h"
#include "load/merge.h"
#include "load/result_log.h"

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
  std::string hist_log;
  bool find_rate = false;
  std::string slo;
  load::FindRateOptions fr;
};

void run_find_rate(const Options& o) {
  if (o.slo.empty()) throw CLI::ValidationError("--find-rate", "needs --slo, e.g. --slo p99=50ms");
  const load::Slo slo = load::parse_slo(o.slo);
  // Probes go to stderr as they finish, so --json on stdout stays one document.
  const load::FindRateResult r = load::find_rate(o.cfg, slo, o.fr, &std::cerr);
  if (o.json) load::write_find_rate_json(std::cout, r);
  else load::write_find_rate_table(std::cout, r);
  std::uint64_t ok = 0;
  for (const auto& p : r.probes) ok += p.ok;
  if (ok == 0) {
    std::cerr << "gilbench load: no probe got a 2xx answer\n";
    throw CLI::RuntimeError(load::kExitNoSuccess);
  }
}

void print(const Options& o, const load::LoadResult& r) {
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
  if (!o.hist_log.empty()) {
    std::ofstream f(o.hist_log);
    load::write_result_log(f, r);
    if (!f) throw std::runtime_error(fmt::format("cannot write the histogram log to {}", o.hist_log));
  }
  // A run in which nothing succeeded measured no service: a script must not
  // read its figures as a result.
  if (r.ok == 0) {
    std::cerr << fmt::format("gilbench load: no request succeeded ({} scheduled, {} answered, none 2xx)\n",
                             r.scheduled, r.requests);
    throw CLI::RuntimeError(load::kExitNoSuccess);
  }
}

// `gilbench load merge FILE...`: the histogram logs of several generators
// as one result, printed like one run's.
void add_merge(CLI::App* load_cmd, std::shared_ptr<Options> o) {
  auto* cmd = load_cmd->add_subcommand(
      "merge", "Combine the --hist-log files of several generators (e.g. --segment 1/2 and 2/2) into one "
               "result: counts and histograms summed, so the percentiles are those of every sample together");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("files", *files, "Histogram logs written by gilbench load --hist-log")
      ->required()
      ->check(CLI::ExistingFile);
  auto* json = cmd->add_flag("--json", o->json, "Print the merged result as JSON");
  cmd->add_flag("--csv", o->csv, "Print a CSV header and one row (docs/csv-schema.md's load columns)")->excludes(json);
  cmd->add_flag("--no-header", o->no_header, "With --csv: the row only");
  cmd->add_option("--timeline", o->timeline, "Write the merged per-second CSV timeline to this file");
  cmd->add_option("--hist-log", o->hist_log, "Write the merged histogram log to this file");
  cmd->callback([o, files] {
    std::vector<load::LoadResult> parts;
    for (const auto& f : *files) {
      std::ifstream in(f);
      parts.push_back(load::read_result_log(in, f));
    }
    print(*o, load::merge_results(parts));
  });
}

void run(const Options& o, bool duration_given) {
  if (o.find_rate) return run_find_rate(o);
  load::LoadConfig cfg = o.cfg;
  // -n alone means "exactly n requests, however long that takes".
  if (cfg.max_requests > 0 && !duration_given) cfg.duration_s = 0;
  g_stop = false;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const load::LoadResult r = load::run_load(cfg, &g_stop);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  print(o, r);
}

}  // namespace

std::pair<int, int> parse_part(const std::string& text, const std::string& flag) {
  const auto slash = text.find('/');
  int i = 0, n = 0;
  try {
    std::size_t a = 0, b = 0;
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    i = std::stoi(text.substr(0, slash), &a);
    n = std::stoi(text.substr(slash + 1), &b);
    if (a != slash || b != text.size() - slash - 1) throw std::invalid_argument("trailing text");
  } catch (const std::exception&) {
    throw CLI::ValidationError(flag, fmt::format("'{}' is not i/N (e.g. 1/2)", text));
  }
  if (n < 1 || n > 10000 || i < 1 || i > n)
    throw CLI::ValidationError(flag, fmt::format("'{}': need 1 <= i <= N <= 10000", text));
  return {i - 1, n};
}

void add_load(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "load",
      "Load a target: closed loop (-c connections, each sends its next request when the last is "
      "answered) or open loop (--rate, latency from each request's intended send time). Exit status: 0 "
      "at least one 2xx answer (with --find-rate: in some probe), 2 the run ended with no 2xx answer, "
      "1 the run could not start (bad URL, target unreachable, file not writable), 100 or more a bad flag "
      "or flag combination (e.g. 105)");
  auto o = std::make_shared<Options>();
  auto& c = o->cfg;
  cmd->add_option("url", c.url, "http://HOST:PORT/PATH, HOST a numeric IPv4 address or localhost");
  add_merge(cmd, o);
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
                  "Open loop: wake this many µs before each send is due and busy-poll the rest, so "
                  "sends are not late by the wake-up latency; capped at half the interval between a "
                  "thread's sends (0: sleep to the due time; measured in docs/load.md)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option_function<std::string>(
         "--drain", [o](const std::string& s) { o->cfg.drain_s = parse_duration(s, "--drain"); },
         "After the window, wait at most this long for the window's backlog and answers; what is "
         "still unanswered is censored (in the latency at the deadline, counted apart)")
      ->default_str(fmt::format("{}s", load::LoadConfig::kDefaultDrainS));
  cmd->add_option("--log-requests", c.request_log,
                  "Write one line per request scheduled in the window to this file: intended_ns "
                  "sent_ns done_ns outcome (checked by bench/request_log_check.py)");
  add_workload_options(cmd, c.request.mode, c.request.values);
  cmd->add_option("--key-space", c.request.key_space, "io: keys k0..k{N-1} are asked for")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
  cmd->add_option("--key-dist", c.request.key_dist, "io: key popularity, uniform or zipf (k0 most popular)")
      ->capture_default_str()
      ->check(CLI::IsMember({"uniform", "zipf"}));
  cmd->add_option("--zipf-s", c.request.zipf_s, "io, zipf: exponent s (key rank r has weight 1/r^s)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
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
  cmd->add_option("--hist-log", o->hist_log,
                  "Write the whole result to this file as an HdrHistogram interval log (corrected latency "
                  "Tag=latency, uncorrected Tag=ulatency, ...; the counts in a comment line), for `load merge` "
                  "and HdrHistogram tools (docs/load.md)");
  cmd->add_option_function<std::string>(
         "--segment",
         [o](const std::string& s) {
           std::tie(o->cfg.segment_index, o->cfg.segment_count) = parse_part(s, "--segment");
         },
         "i/N: be generator i of N loading one target: take 1/N of --rate (open loop, sends interleaved "
         "with the others') or 1/N of -c (closed loop); merge the --hist-log files with `load merge`");
  cmd->add_option("--start-at", c.start_at_unix,
                  "Start the warm-up at this wall-clock time, in Unix seconds (e.g. $(( $(date +%s) + 5 ))), so "
                  "generators on several machines share one window; already past: start at once")
      ->check(CLI::PositiveNumber);
  auto* fr = cmd->add_flag("--find-rate", o->find_rate,
                           "Find the highest open-loop rate whose latency quantile meets --slo in runs "
                           "neither degraded (> 1% failed or censored) nor generator-bound, by bisection; "
                           "prints each probe and the result (-d, --rate and -n are not used)");
  fr->excludes(csv);
  cmd->add_option("--slo", o->slo, "With --find-rate: the objective, e.g. p99=50ms, p50=2ms, p99.9=500us");
  cmd->add_option("--rate-lo", o->fr.rate_lo,
                  "With --find-rate: first rate tried, halved until one passes (0: half the throughput "
                  "of a closed-loop probe)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e8));
  cmd->add_option("--rate-hi", o->fr.rate_hi,
                  "With --find-rate: upper rate, probed first (0: doubled from the first passing rate "
                  "until one fails)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e8));
  cmd->add_option_function<std::string>(
         "--probe-s",
         [o](const std::string& s) {
           o->fr.probe_s = parse_duration(s, "--probe-s");
           if (o->fr.probe_s <= 0) throw CLI::ValidationError("--probe-s", "must be positive");
         },
         "With --find-rate: measured window of each probe (each also warms up for --warmup, "
         "default 0.5s with --find-rate)")
      ->default_str("3s");
  cmd->add_option("--precision", o->fr.precision,
                  "With --find-rate: stop when the bracket (hi - lo) / lo is below this")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 1.0));
  cmd->callback([o, cmd] {
    if (cmd->got_subcommand("merge")) return;
    if (cmd->get_option("url")->count() == 0) throw CLI::RequiredError("url");
    if (o->cfg.connections < o->cfg.threads)
      throw CLI::ValidationError("--connections",
                                 fmt::format("{} connections cannot be spread over {} threads",
                                             o->cfg.connections, o->cfg.threads));
    if (o->find_rate && cmd->get_option("--warmup")->count() > 0) o->fr.warmup_s = o->cfg.warmup_s;
    if (!o->find_rate && (!o->slo.empty() || cmd->get_option("--rate-lo")->count() ||
                          cmd->get_option("--rate-hi")->count() || cmd->get_option("--probe-s")->count() ||
                          cmd->get_option("--precision")->count()))
      throw CLI::ValidationError("--slo",
                                 "--slo, --rate-lo, --rate-hi, --probe-s and --precision need --find-rate");
    if (o->find_rate && o->cfg.rate_rps > 0)
      throw CLI::ValidationError("--find-rate", "finds the rate itself: drop --rate (use --rate-lo/--rate-hi)");
    run(*o, cmd->get_option("--duration")->count() > 0);
  });
}

}  // namespace gilbench::cli
