// The cpu workload: h0 = seed bytes, h(i+1) = SHA-256(h(i)) (raw 32 bytes),
// `iters` times; the answer is hex(h). Must equal Python's hashlib chain.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "workloads/digest.h"

namespace gilbench::workloads {

// Fast path (the one the server uses): after the first hash, every input is
// exactly 32 bytes, i.e. one padded 64-byte block, so each step is a single
// compression-function call (OpenSSL's SHA256_Transform, which uses SHA-NI or
// AVX2 where the CPU has them) with no Update/Final bookkeeping.
Digest sha256_chain(std::string_view seed, std::int64_t iters);

// Reference paths kept for the benchmark that justifies the fast path.
Digest sha256_chain_evp(std::string_view seed, std::int64_t iters);    // fetched EVP_MD, reused ctx
Digest sha256_chain_lowlevel(std::string_view seed, std::int64_t iters);  // SHA256_Init/Update/Final

}  // namespace gilbench::workloads
