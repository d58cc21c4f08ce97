#include "workloads/registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "workloads/cpu/cpu.h"
#include "workloads/hash/hash.h"
#include "workloads/io/io.h"
#include "workloads/json/json.h"
#include "workloads/noop/noop.h"
#include "workloads/request.h"

namespace gilbench::workloads {

namespace {

// The list itself. Its entries are the workloads' accessors, constant
// expressions, so the size checked below is the registry's own.
constexpr std::array kWorkloads = {
    &cpu::workload,
    &io::workload,
    &noop::workload,
    &hash::workload,
    &json_doc::workload,
};
static_assert(kWorkloads.size() <= kMaxWorkloads,
              "more workloads than /metrics has counter slots: raise kMaxWorkloads (registry.h)");

const std::vector<const Workload*>& registry() {
  static const std::vector<const Workload*> r = [] {
    std::vector<const Workload*> out;
    for (auto* get : kWorkloads) out.push_back(&get());
    return out;
  }();
  return r;
}

std::string normal_number(const Field& f, const std::string& text) {
  const char* b = text.data();
  const char* e = b + text.size();
  if (f.type == Field::Type::integer) {
    std::int64_t x = 0;
    auto [p, ec] = std::from_chars(b, e, x);
    if (ec != std::errc{} || p != e)
      throw std::invalid_argument(fmt::format("{} must be an integer, not '{}'", f.name, text));
    return std::to_string(x);
  }
  double x = 0;
  auto [p, ec] = std::from_chars(b, e, x);
  if (ec != std::errc{} || p != e)
    throw std::invalid_argument(fmt::format("{} must be a number, not '{}'", f.name, text));
  return fmt::format("{}", x);
}

}  // namespace

std::span<const Workload* const> all() {
  return registry();
}

const Workload* find(std::string_view name) {
  for (const auto* w : registry())
    if (w->name() == name) return w;
  return nullptr;
}

std::size_t index_of(const Workload& w) {
  const auto& r = registry();
  return static_cast<std::size_t>(std::find(r.begin(), r.end(), &w) - r.begin());
}

std::string names() {
  std::string out;
  for (const auto* w : registry()) out += (out.empty() ? "" : ", ") + std::string(w->name());
  return out;
}

std::span<const Field> all_fields() {
  static const std::vector<Field> fields = [] {
    std::vector<Field> out;
    for (const auto* w : registry())
      for (const auto& f : w->fields())
        if (std::none_of(out.begin(), out.end(), [&](const Field& g) { return g.name == f.name; }))
          out.push_back(f);
    return out;
  }();
  return fields;
}

std::vector<std::string> columns() {
  std::vector<std::string> out;
  for (const auto& f : all_fields())
    if (f.column) out.emplace_back(f.name);
  return out;
}

std::string owners(std::string_view field) {
  std::string out;
  for (const auto* w : registry())
    for (const auto& f : w->fields())
      if (f.name == field) out += (out.empty() ? "" : ", ") + std::string(w->name());
  return out;
}

Values complete(const Workload& w, const Values& given) {
  Values out;
  for (const auto& entry : given) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one.
    const std::string& name = entry.first;
    const std::string& value = entry.second;
    auto fs = w.fields();
    auto f = std::find_if(fs.begin(), fs.end(), [&](const Field& x) { return x.name == name; });
    if (f == fs.end()) {
      std::string list;
      for (const auto& x : fs)
        if (x.settable) list += (list.empty() ? "" : ", ") + std::string(x.name);
      throw std::invalid_argument(fmt::format("'{}' is not a field of mode {} (its fields: {})", name,
                                              w.name(), list.empty() ? "none" : list));
    }
    out[name] = f->type == Field::Type::text ? value : normal_number(*f, value);
  }
  for (const auto& f : w.fields())
    if (!f.fallback.empty() && !out.count(f.name)) out[std::string(f.name)] = std::string(f.fallback);
  // The server's own check, against the widest limits `serve` accepts.
  auto parsed = parse_score(w.body(out), api::Limits::widest());
  if (!parsed.ok()) throw std::invalid_argument(parsed.error.detail);
  return out;
}

}  // namespace gilbench::workloads
