#include "sweep/spec.h"

#include <fmt/format.h>

#include <algorithm>

#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "load/find_rate.h"
#include "sweep/spec_reader.h"
#include "workloads/registry.h"

namespace gilbench::sweep {

namespace {

// Every workload's name, for the `mode` key.
std::set<std::string> workload_modes() {
  std::set<std::string> modes;
  for (const auto* w : workloads::all()) modes.emplace(w->name());
  return modes;
}

// The values a table gives `w`'s settable fields, each a value or a list,
// as text. Each value is checked alone as the server would check it, so an
// error names its own key and line; a field of another workload is named
// as such rather than "unknown".
std::vector<std::pair<std::string, std::vector<std::string>>> read_fields(TableReader& r,
                                                                         const workloads::Workload& w) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& f : w.fields()) {
    const std::string key(f.name);
    if (!f.settable || !r.get(key)) continue;
    std::vector<std::string> texts;
    if (f.type == workloads::Field::Type::text) texts = r.strings(key);
    else if (f.type == workloads::Field::Type::integer)
      for (auto v : r.integers(key, INT64_MIN, INT64_MAX)) texts.push_back(std::to_string(v));
    else
      for (auto v : r.numbers(key, -1e300, 1e300)) texts.push_back(fmt::format("{}", v));
    for (const auto& t : texts) {
      try {
        workloads::complete(w, {{key, t}});
      } catch (const std::invalid_argument& ex) {
        r.fail(r.get(key), key, ex.what());
      }
    }
    out.emplace_back(key, std::move(texts));
  }
  const auto own = w.fields();
  for (const auto& f : workloads::all_fields()) {
    const bool mine = std::any_of(own.begin(), own.end(), [&](const auto& g) { return g.name == f.name; });
    if (auto* n = mine ? nullptr : r.get(std::string(f.name)))
      r.fail(n, std::string(f.name), fmt::format("only for mode {}", workloads::owners(f.name)));
  }
  return out;
}

void read_workloads(const toml::array& arr, const std::string& file, Experiment& e) {
  for (std::size_t i = 0; i < arr.size(); ++i) {
    auto* t = arr[i].as_table();
    if (!t) throw SpecError(fmt::format("{}:{}: key 'workload': expected [[workload]] tables", file, arr[i].source().begin.line));
    TableReader r(*t, file, fmt::format("workload[{}].", i));
    WorkloadSpec base;
    auto* mode_node = r.get("mode");
    if (!mode_node) r.fail(nullptr, "mode", fmt::format("missing ({})", workloads::names()));
    base.mode = r.str("mode", "", workload_modes());
    const auto& workload = *workloads::find(base.mode);
    base.key_dist = r.str("key_dist", "uniform", {"uniform", "zipf"});
    base.concurrency = to_ints(r.integers("concurrency", 1, 100000));
    base.rates = r.numbers("rates", 0.001, 1e7);
    base.duration_s = r.number("duration_s", 0, 0.1, 86400);
    if (auto* sn = r.get("find_rate_slo")) {
      base.find_rate_slo = r.str("find_rate_slo", "");
      try {
        load::parse_slo(base.find_rate_slo);
      } catch (const std::invalid_argument& ex) {
        r.fail(sn, "find_rate_slo", ex.what());
      }
    }
    base.find_rate_probe_s = r.number("find_rate_probe_s", base.find_rate_probe_s, 0.5, 600);
    // The workloads are every combination of the fields' lists.
    std::vector<workloads::Values> combos = {{}};
    for (const auto& [key, texts] : read_fields(r, workload)) {
      std::vector<workloads::Values> next;
      for (const auto& c : combos)
        for (const auto& t : texts) {
          next.push_back(c);
          next.back()[key] = t;
        }
      combos = std::move(next);
    }
    for (auto& c : combos) {
      WorkloadSpec w = base;
      w.values = workloads::complete(workload, c);  // each value passed alone above
      e.workloads.push_back(std::move(w));
    }
    r.check_unknown();
  }
}

void read_pool(const toml::table& t, const std::string& file, Experiment& e) {
  TableReader r(t, file, "pool.");
  PoolSpec p;
  if (auto k = r.strings("kinds", {"threads", "procs"}); !k.empty()) p.kinds = k;
  if (auto en = r.strings("engines"); !en.empty()) p.engines = en;
  if (auto w = r.integers("workers", 1, 1024); !w.empty()) p.workers = to_ints(w);
  p.mode = r.str("mode", "cpu", workload_modes());
  const auto& workload = *workloads::find(p.mode);
  workloads::Values given;
  for (auto& [key, texts] : read_fields(r, workload)) {
    if (texts.size() != 1) r.fail(r.get(key), key, "one value (a pool run has one workload)");
    given[key] = texts.front();
  }
  p.values = workloads::complete(workload, given);
  p.tasks = static_cast<int>(r.integer("tasks", 200, 1, 10'000'000));
  p.queue = static_cast<int>(r.integer("queue", 64, 1, 1'000'000));
  r.check_unknown();
  e.pool = p;
}

}  // namespace


std::string WorkloadSpec::label() const {
  const auto* w = workloads::find(mode);
  if (!w) return mode;
  workloads::Values v = values;
  if (w->keyed()) v["key_dist"] = key_dist;
  return w->label(v);
}

std::string Cell::label() const {
  std::string load = loop == "closed" ? fmt::format("c={}", connections) : fmt::format("rate={}/s", rate_rps);
  return fmt::format("{} | {} | {} | rep {}", target.label(), workload.label(), load, rep);
}

std::string cell_id(const Cell& c) {
  std::string values;
  for (const auto& [k, v] : c.workload.values) values += fmt::format("{}={};", k, v);
  std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", c.target.kind,
                                c.target.model, c.target.engine, c.target.workers,
                                fmt::join(c.target.args, " "), fmt::join(c.target.command, " "),
                                c.target.name, c.workload.mode, values, c.workload.key_dist,
                                c.loop, c.connections, c.rate_rps);
  // Appended only when set, so the ids of older experiments stay the same.
  if (!c.target.url.empty()) key += "|url=" + c.target.url;
  if (c.target.ready != "/healthz") key += "|ready=" + c.target.ready;
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : key) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

std::vector<std::size_t> round_order(std::size_t n, std::uint64_t seed, int round) {
  std::uint64_t state = seed ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(round + 1));
  auto next = [&state] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  std::vector<std::size_t> p(n);
  for (std::size_t i = 0; i < n; ++i) p[i] = i;
  for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[next() % i]);
  return p;
}

std::vector<Cell> Experiment::cells() const {
  std::vector<Cell> round;
  for (auto& t : targets)
    for (auto& w : workloads) {
      auto conc = w.concurrency.empty() ? concurrency : w.concurrency;
      auto rs = w.rates.empty() ? rates : w.rates;
      auto add = [&](const std::string& loop, int conns, double rate) {
        Cell c{"", t, w, loop, conns, rate, 0};
        c.id = cell_id(c);
        round.push_back(std::move(c));
      };
      for (int n : conc) add("closed", n, 0);
      for (double r : rs) add("open", open_connections, r);
    }
  std::vector<Cell> out;
  out.reserve(round.size() * static_cast<std::size_t>(repetitions));
  for (int rep = 0; rep < repetitions; ++rep) {
    std::vector<std::size_t> order(round.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (shuffle) order = round_order(round.size(), seed, rep);
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
      Cell c = round[order[pos]];
      c.rep = rep;
      c.round_pos = static_cast<int>(pos);
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<int> parse_cpu_list(const std::string& list) {
  std::vector<int> cpus;
  std::stringstream ss(list);
  for (std::string part; std::getline(ss, part, ',');) {
    auto dash = part.find('-');
    try {
      std::size_t used = 0;
      int lo = std::stoi(part, &used);
      int hi = lo;
      if (dash != std::string::npos) hi = std::stoi(part.substr(dash + 1));
      else if (used != part.size()) throw std::invalid_argument(part);
      if (lo < 0 || hi < lo || hi > 4095) throw std::invalid_argument(part);
      for (int c = lo; c <= hi; ++c) cpus.push_back(c);
    } catch (const std::logic_error&) {
      throw std::invalid_argument("bad CPU list '" + list + "' (expected e.g. 0-1,3)");
    }
  }
  if (cpus.empty()) throw std::invalid_argument("empty CPU list");
  return cpus;
}

Experiment parse_experiment(const std::string& text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw SpecError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  Experiment e;
  e.source_path = path;
  e.source_text = text;
  TableReader r(root, path, "");
  auto* name = r.get("name");
  if (!name) r.fail(nullptr, "name", "missing (the experiment's name)");
  e.name = r.str("name", "");
  if (e.name.empty() || e.name.find_first_of("/\\ \t,\"") != std::string::npos)
    r.fail(name, "name", "must be non-empty without spaces, slashes, commas or quotes");
  e.description = r.str("description", "");
  e.duration_s = r.number("duration_s", e.duration_s, 0.1, 86400);
  e.warmup_s = r.number("warmup_s", e.warmup_s, 0, 3600);
  e.repetitions = static_cast<int>(r.integer("repetitions", 1, 1, 1000));
  e.load_threads = static_cast<int>(r.integer("load_threads", 1, 1, 256));
  e.open_connections = static_cast<int>(r.integer("open_connections", 64, 1, 100000));
  if (auto c = r.integers("concurrency", 1, 100000); !c.empty()) e.concurrency = to_ints(c);
  e.rates = r.numbers("rates", 0.001, 1e7);
  e.db = r.str("db", e.db);
  e.peers_dir = r.str("peers_dir", "");
  e.start_timeout_s = r.number("start_timeout_s", e.start_timeout_s, 0.1, 3600);
  e.stop_timeout_s = r.number("stop_timeout_s", e.stop_timeout_s, 0.1, 3600);
  e.request_timeout_s = r.number("request_timeout_s", e.request_timeout_s, 0.1, 3600);
  e.shuffle = r.boolean("shuffle", true);
  if (auto* sn = r.get("seed")) {
    e.seed = static_cast<std::uint64_t>(r.integer(sn, "seed", 0, std::numeric_limits<std::int64_t>::max()));
  } else {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a of the file: same file, same order
    for (unsigned char ch : text) h = (h ^ ch) * 1099511628211ull;
    e.seed = h >> 1;  // fits the CSV and TOML's signed 64-bit integers
  }
  for (const char* k : {"pin_target", "pin_load"}) {
    auto* n = r.get(k);
    std::string v = r.str(k, "");
    if (v.empty()) continue;
    try {
      parse_cpu_list(v);
    } catch (const std::invalid_argument& ex) {
      r.fail(n, k, ex.what());
    }
    (std::string(k) == "pin_target" ? e.pin_target : e.pin_load) = v;
  }
  auto array_of_tables = [&](const char* key) -> const toml::array* {
    auto* n = r.get(key);
    if (!n) r.fail(nullptr, key, fmt::format("missing: add at least one [[{}]]", key));
    auto* a = n->as_array();
    if (!a || a->empty()) r.fail(n, key, fmt::format("expected [[{}]] tables", key));
    return a;
  };
  read_targets(*array_of_tables("target"), path, e);
  read_workloads(*array_of_tables("workload"), path, e);
  if (auto* p = r.get("pool")) {
    if (!p->is_table()) r.fail(p, "pool", "expected a [pool] table");
    read_pool(*p->as_table(), path, e);
  }
  r.check_unknown();
  return e;
}

Experiment load_experiment(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw SpecError("cannot read experiment file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_experiment(ss.str(), path);
}

}  // namespace gilbench::sweep
