#include "workloads/noop/noop.h"

namespace gilbench::workloads::noop {
namespace {

class Noop final : public Workload {
 public:
  std::string_view name() const override { return "noop"; }
  Kind kind() const override { return Kind::none; }
  std::span<const Field> fields() const override { return {}; }
  Parsed parse(const boost::json::object&, const api::Limits&) const override {
    // Every noop request is the same: one shared, immutable params.
    static const auto none = std::make_shared<const Params>();
    return {none, {}};
  }
  Outcome run(const Params&, engines::Worker&, Rng&) const override { return {}; }
};

}  // namespace

const Workload& workload() {
  static const Noop w;
  return w;
}

}  // namespace gilbench::workloads::noop
