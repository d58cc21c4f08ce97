// The engines of this process that make_engine made and that are not yet
// destroyed, so /healthz can report what they run on (python: the
// interpreter and whether its GIL is on) without the HTTP layer knowing
// an engine. Its own file so the request-path fuzzer links it alone.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gilbench::engines {

class Engine;

void live_engine_started(const Engine* e);
void live_engine_stopping(const Engine* e);

// The facts() of every live engine, queried now (whether the GIL is
// enabled can change while a server runs). Empty when none is live.
std::vector<std::pair<std::string, std::string>> live_engine_facts();

}  // namespace gilbench::engines
