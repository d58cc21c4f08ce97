#include "workloads/cpu/sha256_chain.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include "engines/abandon.h"

namespace gilbench::workloads {

namespace {

void store_be32(unsigned char* p, std::uint32_t v) {
  p[0] = static_cast<unsigned char>(v >> 24);
  p[1] = static_cast<unsigned char>(v >> 16);
  p[2] = static_cast<unsigned char>(v >> 8);
  p[3] = static_cast<unsigned char>(v);
}

Digest first_hash(std::string_view seed) {
  Digest d;
  SHA256_CTX c;
  SHA256_Init(&c);
  SHA256_Update(&c, seed.data(), seed.size());
  SHA256_Final(d.data(), &c);
  return d;
}

}  // namespace

Digest sha256_chain(std::string_view seed, std::int64_t iters) {
  if (iters <= 0) throw std::invalid_argument("iters must be positive");
  Digest h = first_hash(seed);
  // A 32-byte message padded to one block: message, 0x80, zeros, and the
  // 64-bit big-endian bit length (256) in the last two bytes.
  unsigned char block[64] = {};
  block[32] = 0x80;
  block[62] = 0x01;
  SHA256_CTX c;
  constexpr std::int64_t kPollEvery = engines::kPollBytes / 64;  // a power of two
  for (std::int64_t i = 1; i < iters; ++i) {
    if ((i & (kPollEvery - 1)) == 0) engines::throw_if_abandoned();
    std::memcpy(block, h.data(), 32);
    SHA256_Init(&c);
    SHA256_Transform(&c, block);
    for (int w = 0; w < 8; ++w) store_be32(h.data() + 4 * w, c.h[w]);
  }
  return h;
}

Digest sha256_chain_lowlevel(std::string_view seed, std::int64_t iters) {
  if (iters <= 0) throw std::invalid_argument("iters must be positive");
  Digest h = first_hash(seed);
  for (std::int64_t i = 1; i < iters; ++i) {
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, h.data(), h.size());
    SHA256_Final(h.data(), &c);
  }
  return h;
}

Digest sha256_chain_evp(std::string_view seed, std::int64_t iters) {
  if (iters <= 0) throw std::invalid_argument("iters must be positive");
  // Fetched once per call, not per iteration: EVP_sha256() / SHA256() re-fetch
  // the provider implementation every time.
  std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(EVP_MD_fetch(nullptr, "SHA256", nullptr),
                                                     &EVP_MD_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!md || !ctx) throw std::runtime_error("OpenSSL: cannot fetch SHA256");
  Digest h;
  unsigned int len = 0;
  EVP_DigestInit_ex2(ctx.get(), md.get(), nullptr);
  EVP_DigestUpdate(ctx.get(), seed.data(), seed.size());
  EVP_DigestFinal_ex(ctx.get(), h.data(), &len);
  for (std::int64_t i = 1; i < iters; ++i) {
    EVP_DigestInit_ex2(ctx.get(), nullptr, nullptr);
    EVP_DigestUpdate(ctx.get(), h.data(), h.size());
    EVP_DigestFinal_ex(ctx.get(), h.data(), &len);
  }
  return h;
}

}  // namespace gilbench::workloads
