// A SHA-256 digest and its lowercase hex, shared by the workloads that
// answer one (cpu, hash).
#pragma once

#include <array>
#include <string>

namespace gilbench::workloads {

using Digest = std::array<unsigned char, 32>;

std::string to_hex(const Digest& d);

}  // namespace gilbench::workloads
