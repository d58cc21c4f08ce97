#include "cli/engine_options.h"

#include "engines/options.h"

namespace gilbench::cli {

void add_engine_options(CLI::App* cmd, engines::EngineOptions& into) {
  for (const engines::EngineOptionDef& d : engines::engine_options()) {
    auto check = [&d](std::string& text) {
      engines::EngineOptions scratch;
      return d.parse(text, scratch);
    };
    cmd->add_option_function<std::string>(
           d.flag(), [&into, &d](const std::string& text) { d.parse(text, into); },
           "python engine: " + d.help)
        ->type_name(d.number ? "NUMBER" : "TEXT")
        ->check(CLI::Validator(check, ""));
  }
}

}  // namespace gilbench::cli
