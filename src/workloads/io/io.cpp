#include "workloads/io/io.h"

#include <boost/json/object.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "workloads/fields.h"

namespace gilbench::workloads::io {
namespace {

struct IoParams final : Params {
  std::optional<std::string> key;  // absent: a uniform random key of the store
  double wait_ms = 0.0;            // mean (exp) or exact (fixed) wait
  bool fixed = false;
};

constexpr Field kFields[] = {
    {"wait_ms", Field::Type::number, "0", "mean (exp) or exact (fixed) wait before the lookup, in ms"},
    {"wait_dist", Field::Type::text, "exp", "wait distribution: exp or fixed"},
    {"key", Field::Type::text, "", "the key to read; absent: a uniform random key of the store", false,
     false},
};

class Io final : public Workload {
 public:
  std::string_view name() const override { return "io"; }
  Kind kind() const override { return Kind::io; }
  std::span<const Field> fields() const override { return kFields; }
  bool keyed() const override { return true; }

  Parsed parse(const boost::json::object& o, const api::Limits& lim) const override {
    auto p = std::make_shared<IoParams>();
    std::string key, dist = "exp";
    if (auto e = fields::text(o, "key", lim.max_key_bytes, key)) return {nullptr, *e};
    if (o.if_contains("key")) p->key = std::move(key);
    if (auto e = fields::number(o, "wait_ms", 0.0, lim.max_wait_ms, p->wait_ms)) return {nullptr, *e};
    if (auto e = fields::choice(o, "wait_dist", {"exp", "fixed"}, dist)) return {nullptr, *e};
    p->fixed = dist == "fixed";
    return {std::move(p), {}};
  }

  std::chrono::microseconds wait(const Params& params, Rng& rng) const override {
    const auto& p = static_cast<const IoParams&>(params);
    if (p.wait_ms <= 0.0) return std::chrono::microseconds(0);
    double ms = p.wait_ms;
    if (!p.fixed) {
      std::exponential_distribution<double> d(1.0 / p.wait_ms);
      // Capped at 20 means so one draw cannot hold a worker for minutes.
      ms = std::min(d(rng), 20.0 * p.wait_ms);
    }
    // And never longer than the largest wait_ms a request may ask for.
    ms = std::min(ms, api::Limits{}.max_wait_ms);
    return std::chrono::microseconds(static_cast<std::int64_t>(ms * 1000.0));
  }

  Outcome run(const Params& params, engines::Worker& w, Rng& rng) const override {
    const auto& p = static_cast<const IoParams&>(params);
    const std::string key = p.key ? *p.key : random_key(w.key_count(), rng);
    auto v = w.lookup(key);
    if (!v) return Outcome::failure({404, api::code::unknown_key, fmt::format("no key '{}' in the store", key)});
    Outcome o;
    o.fields = "\"key\":" + fields::quoted(key) + ",\"val\":" + fields::quoted(*v);
    return o;
  }

  std::string body(const Values& v, std::optional<std::int64_t> key_rank) const override {
    if (!key_rank) return Workload::body(v);
    Values keyed = v;
    keyed["key"] = fmt::format("k{}", *key_rank);
    return Workload::body(keyed);
  }

  // "io wait=5ms"; the defaults (exp, uniform keys) stay unnamed, anything
  // else keys its own workload. key_dist is the load generator's, given
  // beside the fields when known.
  std::string label(const Values& v) const override {
    auto get = [&](const char* k) {
      auto it = v.find(k);
      return it == v.end() ? std::string() : it->second;
    };
    std::string s = "io wait=" + (get("wait_ms").empty() ? std::string("0") : get("wait_ms")) + "ms";
    if (auto d = get("wait_dist"); !d.empty() && d != "exp") s += " " + d;
    if (auto k = get("key_dist"); !k.empty() && k != "uniform") s += " " + k;
    return s;
  }

 private:
  static std::string random_key(std::int64_t key_count, Rng& rng) {
    if (key_count <= 0) return "k0";
    std::uniform_int_distribution<std::int64_t> d(0, key_count - 1);
    return fmt::format("k{}", d(rng));
  }
};

}  // namespace

const Workload& workload() {
  static const Io w;
  return w;
}

}  // namespace gilbench::workloads::io
