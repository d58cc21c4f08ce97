#include "workloads/json/document.h"

#include <boost/json.hpp>

#include <stdexcept>
#include <string>

namespace gilbench::workloads::json_doc {

namespace bj = boost::json;

namespace {

// Members are inserted in the order Python's dict literal lists them, and
// every value is an int, an ASCII string or a bool, so serialize() writes
// byte for byte what json.dumps(doc, separators=(",", ":")) writes.
bj::value build(std::int64_t items) {
  bj::array list;
  list.reserve(static_cast<std::size_t>(items));
  for (std::int64_t i = 0; i < items; ++i) {
    const std::string tag_a = "t" + std::to_string(i % 7), tag_b = "t" + std::to_string(i % 11);
    list.emplace_back(bj::object{{"id", i},
                                 {"name", "item-" + std::to_string(i)},
                                 {"tags", bj::array{bj::string(tag_a), bj::string(tag_b)}},
                                 {"active", i % 2 == 0},
                                 {"n", i * 3}});
  }
  return bj::object{{"items", std::move(list)}};
}

}  // namespace

std::string document(std::int64_t items) { return bj::serialize(build(items)); }

Roundtrip roundtrip(std::int64_t items) {
  if (items < 1) throw std::invalid_argument("items must be positive");
  const std::string text = document(items);
  const bj::value parsed = bj::parse(text);
  Roundtrip r;
  r.bytes = static_cast<std::int64_t>(text.size());
  for (const auto& item : parsed.at("items").as_array()) {
    const auto& o = item.as_object();
    r.checksum += o.at("id").as_int64() + o.at("n").as_int64() +
                  static_cast<std::int64_t>(o.at("name").as_string().size());
  }
  return r;
}

std::string roundtrip_text(std::int64_t items) {
  const Roundtrip r = roundtrip(items);
  return std::to_string(r.bytes) + " " + std::to_string(r.checksum);
}

}  // namespace gilbench::workloads::json_doc
