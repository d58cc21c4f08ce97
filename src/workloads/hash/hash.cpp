#include "workloads/hash/hash.h"

#include <boost/json/object.hpp>
#include <algorithm>

#include "workloads/fields.h"
#include "workloads/hash/buffer_digest.h"

namespace gilbench::workloads::hash {
namespace {

// 16 MiB: a buffer per worker thread (and one cached per size in Python)
// stays affordable however many sizes clients send.
constexpr std::int64_t kMaxSize = 16 * 1024 * 1024;

struct HashParams final : Params {
  std::int64_t size = 65536;
  std::int64_t iters = 16;
};

constexpr Field kFields[] = {
    {"size", Field::Type::integer, "65536", "bytes in the hashed buffer (hashlib releases the GIL from 2048)"},
    {"iters", Field::Type::integer, "16", "times the buffer is hashed, chained"},
};

class Hash final : public Workload {
 public:
  std::string_view name() const override { return "hash"; }
  Kind kind() const override { return Kind::cpu; }
  std::span<const Field> fields() const override { return kFields; }

  Parsed parse(const boost::json::object& o, const api::Limits& lim) const override {
    auto p = std::make_shared<HashParams>();
    if (auto e = fields::integer(o, "size", 1, kMaxSize, p->size)) return {nullptr, *e};
    if (auto e = fields::integer(o, "iters", 1, lim.max_iters, p->iters)) return {nullptr, *e};
    return {std::move(p), {}};
  }

  // Each link hashes the previous digest and the buffer. At most
  // 16 MiB x 1e9: no overflow.
  std::int64_t work_bytes(const Params& params) const override {
    const auto& p = static_cast<const HashParams&>(params);
    return p.iters * std::max<std::int64_t>(64, p.size + 32);
  }

  Outcome run(const Params& params, engines::Worker& w, Rng&) const override {
    const auto& p = static_cast<const HashParams&>(params);
    const engines::Arg args[] = {p.size, p.iters};
    const std::string hex = w.call({"hash_buffer", args, [&] { return buffer_digest(p.size, p.iters); }});
    Outcome o;
    o.fields = "\"digest\":\"" + hex + "\",\"size\":" + std::to_string(p.size) +
               ",\"iters\":" + std::to_string(p.iters);
    return o;
  }
};

}  // namespace

const Workload& workload() {
  static const Hash w;
  return w;
}

}  // namespace gilbench::workloads::hash
