// The SpecError message an experiment text is refused with ("" when it is
// accepted): the spec tests compare it, so each bad input names its own
// key and line.
#pragma once

#include <string>

#include "sweep/spec.h"

namespace gilbench::sweep::test {

inline std::string error_of(const std::string& text) {
  try {
    parse_experiment(text, "x.toml");
  } catch (const SpecError& e) {
    return e.what();
  }
  return "";
}

}  // namespace gilbench::sweep::test
