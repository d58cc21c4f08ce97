// Reference answers computed by Debian's /usr/bin/python3, so tests compare
// against hashlib itself rather than against our own idea of it.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gilbench::testing {

// hex of the SHA-256 chain (h0 = seed bytes, h(i+1) = sha256(h(i)).digest()).
std::string python_chain(const std::string& seed, long iters);
// Same for many (seed, iters) pairs with one interpreter start.
std::vector<std::string> python_chains(const std::vector<std::pair<std::string, long>>& cases);

}  // namespace gilbench::testing
