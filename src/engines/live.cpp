#include "engines/live.h"

#include <algorithm>
#include <mutex>

#include "engines/engine.h"

namespace gilbench::engines {
namespace {

std::mutex g_mu;
std::vector<const Engine*> g_live;

}  // namespace

void live_engine_started(const Engine* e) {
  std::lock_guard lock(g_mu);
  g_live.push_back(e);
}

// Under the same lock as live_engine_facts: an engine is never asked for
// its facts while it is being destroyed.
void live_engine_stopping(const Engine* e) {
  std::lock_guard lock(g_mu);
  std::erase(g_live, e);
}

std::vector<std::pair<std::string, std::string>> live_engine_facts() {
  std::lock_guard lock(g_mu);
  std::vector<std::pair<std::string, std::string>> out;
  for (const Engine* e : g_live)
    for (auto& f : e->facts()) out.push_back(std::move(f));
  return out;
}

}  // namespace gilbench::engines
