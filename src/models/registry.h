// Every concurrency model, one descriptor each: the one place that says
// what a model is called, which options it reads and how many workers it
// really runs. serve's flags and --help, /healthz, the sweep's experiment
// files and the argv a sweep starts a server with all read it. A new
// model is its folder plus one line in registry.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gilbench::models {

class Model;
struct ServeConfig;

struct ModelDescriptor {
  std::string_view name;
  std::string_view summary;       // one line for --help
  std::string_view workers_help;  // what --workers counts for it
  std::vector<std::string_view> options;  // keys of models/options.h it reads
  int fixed_workers = 0;          // > 0: runs this many whatever --workers says
  std::unique_ptr<Model> (*make)() = nullptr;

  int effective_workers(int requested) const { return fixed_workers > 0 ? fixed_workers : requested; }
  bool reads(std::string_view option_key) const;
};

// In --model order.
const std::vector<ModelDescriptor>& model_registry();
// nullptr for an unknown name.
const ModelDescriptor* find_model(std::string_view name);

// --help texts built from the registry: the model list with summaries,
// what --workers means per model, and an option's help prefixed with the
// models that read it ("threads, offload: when the queue is full, ...").
std::string models_help();
std::string workers_help();
std::string option_help(std::string_view option_key);

// The options cfg's model reads, for serve's startup line:
// " queue=64 on_full=block" for threads, "" for procs.
std::string startup_options(const ServeConfig& cfg);

}  // namespace gilbench::models
