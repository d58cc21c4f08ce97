#include "workloads/json/json.h"

#include <boost/json/object.hpp>

#include <charconv>
#include <stdexcept>

#include "workloads/fields.h"
#include "workloads/json/document.h"

namespace gilbench::workloads::json_doc {
namespace {

// 100,000 items is a 7 MB document: about a second of Python.
constexpr std::int64_t kMaxItems = 100'000;

struct JsonParams final : Params {
  std::int64_t items = 100;
};

constexpr Field kFields[] = {
    {"items", Field::Type::integer, "100", "items in the document built, serialised and parsed"},
};

// "<bytes> <checksum>", as both engines return it, into the answer's fields.
std::string answer_fields(std::int64_t items, const std::string& text) {
  std::int64_t bytes = 0, checksum = 0;
  const char* end = text.data() + text.size();
  auto r = std::from_chars(text.data(), end, bytes);
  if (r.ec == std::errc() && r.ptr != end && *r.ptr == ' ') r = std::from_chars(r.ptr + 1, end, checksum);
  else r.ec = std::errc::invalid_argument;
  if (r.ec != std::errc() || r.ptr != end) throw std::runtime_error("json: unexpected result '" + text + "'");
  return "\"items\":" + std::to_string(items) + ",\"bytes\":" + std::to_string(bytes) +
         ",\"checksum\":" + std::to_string(checksum);
}

class Json final : public Workload {
 public:
  std::string_view name() const override { return "json"; }
  Kind kind() const override { return Kind::cpu; }
  std::span<const Field> fields() const override { return kFields; }

  Parsed parse(const boost::json::object& o, const api::Limits&) const override {
    auto p = std::make_shared<JsonParams>();
    if (auto e = fields::integer(o, "items", 1, kMaxItems, p->items)) return {nullptr, *e};
    return {std::move(p), {}};
  }

  Outcome run(const Params& params, engines::Worker& w, Rng&) const override {
    const auto& p = static_cast<const JsonParams&>(params);
    const engines::Arg args[] = {p.items};
    Outcome o;
    o.fields = answer_fields(
        p.items, w.call({"json_roundtrip", args, [&] { return roundtrip_text(p.items); }}));
    return o;
  }
};

}  // namespace

const Workload& workload() {
  static const Json w;
  return w;
}

}  // namespace gilbench::workloads::json_doc
