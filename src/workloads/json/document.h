// The json workload's work, in C++ with Boost.JSON (docs/api.md, "json"):
// build the document of `items` items, serialise it compactly, parse the
// text back and sum id + n + len(name) over the parsed items.
// gilbench_workloads.json_roundtrip is the same function in Python.
#pragma once

#include <cstdint>
#include <string>

namespace gilbench::workloads::json_doc {

struct Roundtrip {
  std::int64_t bytes = 0;     // length of the serialised text
  std::int64_t checksum = 0;  // over the parsed-back items
};

// The document's compact text (what json.dumps(doc, separators=(",", ":"))
// writes).
std::string document(std::int64_t items);

// Throws std::invalid_argument for items below 1.
Roundtrip roundtrip(std::int64_t items);

// "<bytes> <checksum>": the text both engines return for one run.
std::string roundtrip_text(std::int64_t items);

}  // namespace gilbench::workloads::json_doc
