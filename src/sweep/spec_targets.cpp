// The [[target]] tables of an experiment file: gilbench servers (models and
// their options read through the model descriptor, models/registry.h),
// peers, commands and URLs; and a target's series label.
#include <fmt/format.h>

#include <set>
#include <tuple>

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
      auto engines = r.strings("engine");
      if (engines.empty()) engines = {"native"};
      read_model_options(r, base.options);
      base.switch_interval_ms = r.number("switch_interval_ms", 0, 0, 10000);
      base.extra_args = r.strings("args");
      base.args = models::serve_args(base.options);
      if (base.switch_interval_ms > 0)
        base.args.insert(base.args.end(), {"--switch-interval-ms", fmt::format("{}", base.switch_interval_ms)});
      base.args.insert(base.args.end(), base.extra_args.begin(), base.extra_args.end());
      for (auto& m : models)
        for (auto& en : engines)
          for (int w : workers) {
            TargetSpec t2 = base;
            t2.model = m;
            t2.engine = en;
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
  if (switch_interval_ms > 0) k.settings["switch_interval_ms"] = fmt::format("{}", switch_interval_ms);
  for (const auto& d : models::model_options())
    if (auto v = d.print(options)) k.settings[d.key] = *v;
  if (!extra_args.empty()) k.settings["server_args"] = fmt::format("{}", fmt::join(extra_args, " "));
  return k;
}

// The report labels the same key read back from results.csv.
std::string TargetSpec::label() const { return results::series_label(series_key()); }

}  // namespace gilbench::sweep
