// Every workload, by name. A new workload is its folder plus one line in
// registry.cpp.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "workloads/workload.h"

namespace gilbench::workloads {

// Bound on the registry's size: /metrics keeps fixed per-workload counters
// in shared memory (http/metrics.h), one slot each plus one for other routes.
// registry.cpp checks its list against it at compile time.
inline constexpr std::size_t kMaxWorkloads = 8;

std::span<const Workload* const> all();
const Workload* find(std::string_view name);  // nullptr when unknown
std::size_t index_of(const Workload& w);      // its position in all()
std::string names();                          // "cpu, io, noop, hash, json"

// Every field of every workload, each name once, in registry order (the
// results.csv parameter columns are the ones with `column`).
std::span<const Field> all_fields();
// The results.csv parameter columns: the names of all_fields() with `column`.
std::vector<std::string> columns();
// Which workloads have a field of this name: "cpu, hash".
std::string owners(std::string_view field);

// `given` with the workload's defaults added; throws std::invalid_argument
// for a name that is not one of its fields, or a value its parse() rejects
// (the same message a server would answer).
Values complete(const Workload& w, const Values& given);

}  // namespace gilbench::workloads
