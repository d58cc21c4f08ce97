#include "models/registry.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/async/async_model.h"
#include "models/model.h"
#include "models/offload/offload_model.h"
#include "models/procs/procs_model.h"
#include "models/threads/threads_model.h"

namespace gilbench::models {

const std::vector<ModelDescriptor>& model_registry() {
  static const std::vector<ModelDescriptor> models = {
      {"threads", "one loop reads requests into a bounded queue drained by worker threads (gunicorn gthread)",
       "worker threads", {"queue", "on_full"}, 0, make_threads_model},
      {"async", "one event loop runs every request; waits do not block it (aiohttp)",
       "ignored (one loop)", {"db_offload"}, 1, make_async_model},
      {"procs", "pre-forked single-threaded worker processes, supervised (gunicorn sync)",
       "worker processes", {}, 0, make_procs_model},
      {"offload", "one loop for HTTP and io; cpu work handed to a process pool (asyncio + ProcessPoolExecutor)",
       "pool processes for cpu", {"queue", "on_full", "db_offload"}, 0, make_offload_model},
  };
  return models;
}

bool ModelDescriptor::reads(std::string_view key) const {
  return std::ranges::find(options, key) != options.end();
}

const ModelDescriptor* find_model(std::string_view name) {
  for (auto& m : model_registry())
    if (m.name == name) return &m;
  return nullptr;
}

std::string models_help() {
  std::string s = "Concurrency model:";
  for (auto& m : model_registry()) s += fmt::format("\n  {}: {}", m.name, m.summary);
  return s;
}

std::string workers_help() {
  std::vector<std::string> parts;
  for (auto& m : model_registry()) parts.push_back(fmt::format("{}: {}", m.name, m.workers_help));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string option_help(std::string_view key) {
  std::vector<std::string_view> readers;
  for (auto& m : model_registry())
    if (m.reads(key)) readers.push_back(m.name);
  const OptionDef* d = find_option(key);
  return fmt::format("{}: {}", fmt::join(readers, ", "), d ? d->help : "");
}

std::string startup_options(const ServeConfig& cfg) {
  const ModelDescriptor* m = find_model(cfg.model);
  if (!m) return "";
  const ModelOptions set = options_of(cfg);
  std::string s;
  for (auto& d : model_options())
    if (m->reads(d.key)) s += fmt::format(" {}={}", d.key, d.print(set).value_or(""));
  return s;
}

}  // namespace gilbench::models
