// Reference answers computed by a real CPython (Debian's /usr/bin/python3
// unless `python` names another), so tests compare against hashlib and json
// themselves rather than against our own idea of them. Each function starts
// one interpreter for all its cases.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gilbench::testing {

inline const std::string kReferencePython = "/usr/bin/python3";

// hex of the SHA-256 chain (h0 = seed bytes, h(i+1) = sha256(h(i)).digest()).
std::string python_chain(const std::string& seed, long iters);
// Same for many (seed, iters) pairs with one interpreter start.
std::vector<std::string> python_chains(const std::vector<std::pair<std::string, long>>& cases,
                                       const std::string& python = kReferencePython);

// The hash workload's digest for each (size, iters), from its definition in
// docs/api.md: buf[i] = i % 256, h0 = b"", h(k+1) = sha256(h(k) + buf).
std::vector<std::string> python_buffer_digests(const std::vector<std::pair<long, long>>& cases,
                                               const std::string& python = kReferencePython);

// The json workload's answer for each item count, from its definition in
// docs/api.md: {bytes, checksum}, and the SHA-256 of the text json.dumps
// wrote, to check the native engine writes the same bytes.
struct JsonRef {
  long bytes = 0;
  long checksum = 0;
  std::string text_sha256;
};
std::vector<JsonRef> python_json_roundtrips(const std::vector<long>& items,
                                            const std::string& python = kReferencePython);

// The lines a Python script prints; throws unless there are `expected` of them.
std::vector<std::string> python_lines(const std::string& script, std::size_t expected,
                                      const std::string& python = kReferencePython);

}  // namespace gilbench::testing
