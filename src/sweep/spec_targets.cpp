// The [[target]] tables of an experiment file: gilbench servers (models and
// their options read through the model descriptor, models/registry.h),
// peers, commands and URLs; and a target's series label.
#include <fmt/format.h>

#include <set>
#include <tuple>

#include "engines/options.h"
#include "engines/registry.h"
#include "load/load.h"
#include "models/model.h"
#include "models/registry.h"
#include "sweep/peers.h"
#include "sweep/spec_reader.h"

namespace gilbench::sweep {

namespace {

// A model with a fixed worker count (async) runs it whatever `workers` says:
// expanding it over a workers list would make identical targets, hence
// identical cell ids, and a finished sweep would look unfinished forever.
// An identical target is kept once.
void add_target(Experiment& e, TargetSpec t) {
  auto key = [](const TargetSpec& x) {
    return std::tie(x.kind, x.model, x.engine, x.workers, x.args, x.command, x.name, x.url, x.ready);
  };
  for (auto& have : e.targets)
    if (key(have) == key(t)) return;
  e.targets.push_back(std::move(t));
}

// A server gilbench does not know: started from `command`, or run
// elsewhere at `url`. model/engine/imitates only label it for the report.
void read_outside_target(TableReader& r, const std::string& kind, TargetSpec& t) {
  if (kind == "command") {
    t.command = r.strings("command");
    if (t.command.empty()) r.fail(nullptr, "command", "missing (argv array; {port}, {workers}, {db} are replaced)");
  } else {
    auto* n = r.get("url");
    t.url = r.str("url", "");
    if (t.url.empty()) r.fail(nullptr, "url", "missing (http://IPv4:port of the server)");
    try {
      auto u = load::parse_url(t.url);
      if (u.path != "/") throw std::invalid_argument("give the server's root, without a path (/score is added)");
      while (!t.url.empty() && t.url.back() == '/') t.url.pop_back();
    } catch (const std::invalid_argument& ex) {
      r.fail(n, "url", ex.what());
    }
  }
  auto* ready = r.get("ready");
  t.ready = r.str("ready", "/healthz");
  if (t.ready.empty() || t.ready[0] != '/') r.fail(ready, "ready", "must be a path starting with /");
  t.name = r.str("name", kind == "command" ? t.command.front() : t.url);
  t.model = r.str("model", "");
  t.engine = r.str("engine", "");
  t.imitates = r.str("imitates", "");
}

// queue, on_full, db_offload: checked by the model options' own parser, so
// a file accepts exactly what `gilbench serve` does.
void read_model_options(TableReader& r, models::ModelOptions& into) {
  for (const models::OptionDef& d : models::model_options()) {
    auto* n = r.get(d.key);
    if (!n) continue;
    std::string text;
    if (d.integer && n->is_integer()) text = std::to_string(**n->as_integer());
    else if (!d.integer && n->is_string()) text = **n->as_string();
    else r.fail(n, d.key, d.integer ? "expected an integer" : "expected a string");
    if (auto problem = d.parse(text, into); !problem.empty()) r.fail(n, d.key, problem);
  }
}

// The engine options (engines/options.h), each a value or a list: a target
// expands over every combination.
std::vector<engines::EngineOptions> read_engine_options(TableReader& r) {
  std::vector<engines::EngineOptions> out = {{}};
  for (const auto& d : engines::engine_options()) {
    auto vals = r.list(d.key, [&](const toml::node* e) -> std::pair<const toml::node*, std::string> {
      if (d.number && (e->is_integer() || e->is_floating_point())) return {e, fmt::format("{}", r.num(e, d.key))};
      if (!d.number && e->is_string()) return {e, **e->as_string()};
      r.fail(e, d.key, d.number ? "expected a number or an array of numbers" : "expected a string or an array of strings");
    });
    if (vals.empty()) continue;
    std::vector<engines::EngineOptions> next;
    for (auto& o : out)
      for (auto& [n, text] : vals) {
        auto o2 = o;
        if (auto p = d.parse(text, o2); !p.empty()) r.fail(n, d.key, p);
        next.push_back(o2);
      }
    out = std::move(next);
  }
  return out;
}

// An engine that cannot run these options fails here, with the key that
// caused it (its flag starts the message), not later as a failed cell.
void check_engine(TableReader& r, const std::string& engine, const engines::EngineOptions& o) {
  const auto* d = engines::find_engine(engine);
  auto problem = engines::check_options(*d, o);
  if (problem.empty()) return;
  std::string key = "engine";
  for (const auto& opt : engines::engine_options())
    if (problem.rfind(opt.flag(), 0) == 0) key = opt.key;
  r.fail(r.get(key), key, problem);
}

}  // namespace

void read_targets(const toml::array& arr, const std::string& file, Experiment& e) {
  for (std::size_t i = 0; i < arr.size(); ++i) {
    auto* t = arr[i].as_table();
    if (!t) throw SpecError(fmt::format("{}:{}: key 'target': expected [[target]] tables", file, arr[i].source().begin.line));
    TableReader r(*t, file, fmt::format("target[{}].", i));
    auto* kind_node = r.get("target");
    std::string kind = r.str("target", "gilbench");
    TargetSpec base;
    base.kind = kind;
    auto workers = to_ints(r.integers("workers", 1, 1024));
    if (workers.empty()) workers = {kind == "gilbench" ? 4 : 1};
    if (kind == "gilbench") {
      std::set<std::string> names;
      for (auto& m : models::model_registry()) names.emplace(m.name);
      auto models = r.strings("model", names);
      if (models.empty()) r.fail(nullptr, "model", fmt::format("missing ({})", models::model_names()));
      std::set<std::string> engine_set;
      for (auto& d : engines::engine_registry()) engine_set.emplace(d.name);
      auto engines = r.strings("engine", engine_set);
      if (engines.empty()) engines = {"native"};
      read_model_options(r, base.options);
      auto engine_options = read_engine_options(r);
      // An engine option none of the target's engines reads would vanish.
      for (const auto& d : engines::engine_options()) {
        auto* n = r.get(d.key);
        if (!n) continue;
        std::string readers;
        bool read = false;
        for (auto& def : engines::engine_registry())
          if (def.reads_option(d.key)) {
            readers += (readers.empty() ? "" : ", ") + def.name;
            for (auto& en : engines) read = read || en == def.name;
          }
        if (!read) r.fail(n, d.key, fmt::format("read by the {} engine only; this target runs {}", readers,
                                                fmt::join(engines, ", ")));
      }
      base.extra_args = r.strings("args");
      for (auto& m : models)
        for (auto& en : engines)
          for (auto& eo : engine_options)
            for (int w : workers) {
              TargetSpec t2 = base;
              t2.model = m;
              t2.engine = en;
              t2.engine_options = engines::options_read_by(en, eo);
              check_engine(r, en, t2.engine_options);
              t2.args = models::serve_args(t2.options);
              for (auto& a : engines::engine_serve_args(t2.engine_options)) t2.args.push_back(a);
              t2.args.insert(t2.args.end(), t2.extra_args.begin(), t2.extra_args.end());
              t2.workers = models::find_model(m)->effective_workers(w);
              add_target(e, std::move(t2));
            }
    } else if (kind.rfind("peer:", 0) == 0) {
      const PeerDef* peer = find_peer(kind.substr(5));
      if (!peer) r.fail(kind_node, "target", fmt::format("unknown peer '{}' ({})", kind.substr(5), peer_kinds()));
      base.imitates = peer->imitates;
      base.model = base.imitates.substr(0, base.imitates.find('/'));
      base.engine = base.imitates.substr(base.imitates.find('/') + 1);
      for (int w : workers) {
        base.workers = w;
        add_target(e, base);
      }
    } else if (kind == "command" || kind == "url") {
      read_outside_target(r, kind, base);
      for (int w : workers) {
        base.workers = w;
        add_target(e, base);
      }
    } else {
      r.fail(kind_node, "target", fmt::format("'{}' is not gilbench, peer:<kind>, command or url", kind));
    }
    r.check_unknown();
  }
}

std::string TargetSpec::target_column() const { return kind == "command" || kind == "url" ? name : kind; }

results::SeriesKey TargetSpec::series_key() const {
  results::SeriesKey k{target_column(), model, engine, workers, {}};
  if (kind != "gilbench") return k;
  for (const auto& d : engines::engine_options())
    if (auto v = d.print(engine_options)) k.settings[d.key] = *v;
  for (const auto& d : models::model_options())
    if (auto v = d.print(options)) k.settings[d.key] = *v;
  if (!extra_args.empty()) k.settings["server_args"] = fmt::format("{}", fmt::join(extra_args, " "));
  return k;
}

// The report labels the same key read back from results.csv.
std::string TargetSpec::label() const { return results::series_label(series_key()); }

}  // namespace gilbench::sweep
