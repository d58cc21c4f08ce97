// What spec.cpp and spec_targets.cpp share to read an experiment file: a
// TOML table reader whose errors name the file, line and key, and the
// readers of each section.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <set>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "sweep/spec.h"

namespace gilbench::sweep {

// Reads one TOML table, remembering which keys were used so unknown keys
// (typos) can be reported instead of silently ignored.
class TableReader {
 public:
  TableReader(const toml::table& t, std::string file, std::string where)
      : t_(t), file_(std::move(file)), where_(std::move(where)) {}

  [[noreturn]] void fail(const toml::node* n, const std::string& key, const std::string& what) const {
    auto line = n ? n->source().begin.line : t_.source().begin.line;
    throw SpecError(fmt::format("{}:{}: key '{}{}': {}", file_, line, where_, key, what));
  }

  const toml::node* get(const std::string& key) {
    used_.insert(key);
    return t_.get(key);
  }

  std::string str(const std::string& key, std::string def, const std::set<std::string>& allowed = {}) {
    auto* n = get(key);
    if (!n) return def;
    if (!n->is_string()) fail(n, key, "expected a string");
    std::string v = **n->as_string();
    if (!allowed.empty() && !allowed.count(v)) fail(n, key, fmt::format("'{}' is not one of {}", v, fmt::join(allowed, ", ")));
    return v;
  }

  double num(const toml::node* n, const std::string& key) const {
    if (n->is_integer()) return static_cast<double>(**n->as_integer());
    if (n->is_floating_point()) return **n->as_floating_point();
    fail(n, key, "expected a number");
  }

  double number(const std::string& key, double def, double lo, double hi) {
    auto* n = get(key);
    if (!n) return def;
    double v = num(n, key);
    if (v < lo || v > hi) fail(n, key, fmt::format("{} is out of range [{}, {}]", v, lo, hi));
    return v;
  }

  std::int64_t integer(const toml::node* n, const std::string& key, std::int64_t lo, std::int64_t hi) const {
    if (!n->is_integer()) fail(n, key, "expected an integer");
    auto v = **n->as_integer();
    if (v < lo || v > hi) fail(n, key, fmt::format("{} is out of range [{}, {}]", v, lo, hi));
    return v;
  }

  std::int64_t integer(const std::string& key, std::int64_t def, std::int64_t lo, std::int64_t hi) {
    auto* n = get(key);
    return n ? integer(n, key, lo, hi) : def;
  }

  // A scalar or an array of scalars, read by `one`.
  template <class F>
  auto list(const std::string& key, F one) -> std::vector<decltype(one(static_cast<const toml::node*>(nullptr)))> {
    std::vector<decltype(one(static_cast<const toml::node*>(nullptr)))> out;
    auto* n = get(key);
    if (!n) return out;
    if (auto* a = n->as_array()) {
      if (a->empty()) fail(n, key, "empty array");
      for (auto& e : *a) out.push_back(one(&e));
    } else {
      out.push_back(one(n));
    }
    return out;
  }

  std::vector<std::string> strings(const std::string& key, const std::set<std::string>& allowed = {}) {
    return list(key, [&](const toml::node* e) {
      if (!e->is_string()) fail(e, key, "expected a string or an array of strings");
      std::string v = **e->as_string();
      if (!allowed.empty() && !allowed.count(v)) fail(e, key, fmt::format("'{}' is not one of {}", v, fmt::join(allowed, ", ")));
      return v;
    });
  }

  bool boolean(const std::string& key, bool def) {
    auto* n = get(key);
    if (!n) return def;
    if (!n->is_boolean()) fail(n, key, "expected true or false");
    return **n->as_boolean();
  }

  std::vector<std::int64_t> integers(const std::string& key, std::int64_t lo, std::int64_t hi) {
    return list(key, [&](const toml::node* e) { return integer(e, key, lo, hi); });
  }

  std::vector<double> numbers(const std::string& key, double lo, double hi) {
    return list(key, [&](const toml::node* e) {
      double v = num(e, key);
      if (v < lo || v > hi) fail(e, key, fmt::format("{} is out of range [{}, {}]", v, lo, hi));
      return v;
    });
  }

  void check_unknown() const {
    for (auto& [k, v] : t_)
      if (!used_.count(std::string(k.str()))) fail(&v, std::string(k.str()), "unknown key");
  }

 private:
  const toml::table& t_;
  std::string file_, where_;
  std::set<std::string> used_;
};

inline std::vector<int> to_ints(const std::vector<std::int64_t>& v) {
  return {v.begin(), v.end()};
}

// The [[target]] tables (spec_targets.cpp).
void read_targets(const toml::array& arr, const std::string& file, Experiment& e);

}  // namespace gilbench::sweep
