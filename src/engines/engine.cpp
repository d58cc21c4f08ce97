#include "engines/engine.h"

#include <stdexcept>
#include <string>

#include "engines/native/native_engine.h"
#include "engines/python/python_engine.h"

namespace gilbench::engines {

std::unique_ptr<Engine> make_engine(std::string_view name, const EngineConfig& cfg) {
  if (name == "native") return make_native_engine(cfg);
  if (name == "python") return make_python_engine(cfg);
  throw std::invalid_argument("unknown engine '" + std::string(name) + "' (expected: " +
                              std::string(engine_names()) + ")");
}

std::string_view engine_names() { return "native, python"; }

}  // namespace gilbench::engines
