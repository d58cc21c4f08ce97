#include "engines/engine.h"

#include <fmt/format.h>

#include <stdexcept>

#include "engines/live.h"
#include "engines/native/native_engine.h"
#include "engines/options.h"
#include "engines/python/python_engine.h"
#include "engines/registry.h"

namespace gilbench::engines {

const std::vector<EngineDef>& engine_registry() {
  static const std::vector<EngineDef> defs = {
      {"native", "the workloads in C++; no interpreter, no GIL", {}, make_native_engine},
      {"python", "the workloads in an embedded CPython (--python), with its GIL or on a free-threaded build without",
       {"switch_interval_ms", "python", "gil"}, make_python_engine, check_python_options},
  };
  return defs;
}

bool EngineDef::reads_option(std::string_view key) const {
  for (auto& r : reads)
    if (r == key) return true;
  return false;
}

const EngineDef* find_engine(std::string_view name) {
  for (auto& d : engine_registry())
    if (d.name == name) return &d;
  return nullptr;
}

std::string engine_names() {
  std::string s;
  for (auto& d : engine_registry()) s += (s.empty() ? "" : ", ") + d.name;
  return s;
}

namespace {

// Registers the engine it wraps as live (engines/live.h) for its lifetime.
class Live final : public Engine {
 public:
  explicit Live(std::unique_ptr<Engine> e) : e_(std::move(e)) { live_engine_started(e_.get()); }
  ~Live() override {
    live_engine_stopping(e_.get());
    e_.reset();
  }
  std::string_view name() const override { return e_->name(); }
  std::unique_ptr<Worker> make_worker() override { return e_->make_worker(); }
  std::vector<std::pair<std::string, std::string>> facts() const override { return e_->facts(); }

 private:
  std::unique_ptr<Engine> e_;
};

}  // namespace

// An option set for an engine that does not read it is refused, never
// silently dropped: `--engine native --python X` measures nothing of X.
std::unique_ptr<Engine> make_engine(std::string_view name, const EngineConfig& cfg) {
  const EngineDef* d = find_engine(name);
  if (d == nullptr)
    throw std::invalid_argument(fmt::format("unknown engine '{}' (expected: {})", name, engine_names()));
  if (auto problem = check_options(*d, cfg.options); !problem.empty()) throw std::invalid_argument(problem);
  return std::make_unique<Live>(d->make(cfg));
}

}  // namespace gilbench::engines
