#include "workloads/cpu/cpu.h"

#include <boost/json/object.hpp>

#include "workloads/cpu/sha256_chain.h"
#include "workloads/fields.h"

namespace gilbench::workloads::cpu {
namespace {

struct CpuParams final : Params {
  std::int64_t iters = 80000;
  std::string seed = "gilbench";
};

constexpr Field kFields[] = {
    {"iters", Field::Type::integer, "80000", "SHA-256 chain length"},
    {"seed", Field::Type::text, "gilbench", "bytes the chain starts from", false},
};

class Cpu final : public Workload {
 public:
  std::string_view name() const override { return "cpu"; }
  Kind kind() const override { return Kind::cpu; }
  std::span<const Field> fields() const override { return kFields; }

  Parsed parse(const boost::json::object& o, const api::Limits& lim) const override {
    auto p = std::make_shared<CpuParams>();
    if (auto e = fields::integer(o, "iters", 1, lim.max_iters, p->iters)) return {nullptr, *e};
    if (auto e = fields::text(o, "seed", lim.max_seed_bytes, p->seed)) return {nullptr, *e};
    return {std::move(p), {}};
  }

  // Each link hashes 32 bytes: one block.
  std::int64_t work_bytes(const Params& params) const override {
    return static_cast<const CpuParams&>(params).iters * 64;
  }

  Outcome run(const Params& params, engines::Worker& w, Rng&) const override {
    const auto& p = static_cast<const CpuParams&>(params);
    const engines::Arg args[] = {std::string_view(p.seed), p.iters};
    const std::string hex = w.call({"cpu", args, [&] { return to_hex(sha256_chain(p.seed, p.iters)); }});
    Outcome o;
    o.fields = "\"digest\":\"" + hex + "\",\"iters\":" + std::to_string(p.iters);
    return o;
  }
};

}  // namespace

const Workload& workload() {
  static const Cpu w;
  return w;
}

}  // namespace gilbench::workloads::cpu
