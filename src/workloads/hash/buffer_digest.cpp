#include "workloads/hash/buffer_digest.h"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

#include "workloads/digest.h"

namespace gilbench::workloads::hash {

namespace {

// The buffer depends only on its size, so each thread keeps its last one:
// a run of same-size requests (what a benchmark sends) builds it once, as
// the Python function's cache does.
const std::string& buffer_of(std::int64_t size) {
  thread_local std::string buf;
  if (static_cast<std::int64_t>(buf.size()) != size) {
    buf.resize(static_cast<std::size_t>(size));
    for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<char>(i & 0xff);
  }
  return buf;
}

// Fetched once per process: EVP_sha256() re-fetches the provider's
// implementation on every init. An EVP_MD is safe to share between threads.
const EVP_MD* sha256() {
  static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(
      EVP_MD_fetch(nullptr, "SHA256", nullptr), &EVP_MD_free);
  if (!md) throw std::runtime_error("OpenSSL: cannot fetch SHA256");
  return md.get();
}

}  // namespace

std::string buffer_digest(std::int64_t size, std::int64_t iters) {
  if (size < 1 || iters < 1) throw std::invalid_argument("size and iters must be positive");
  const std::string& buf = buffer_of(size);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                           &EVP_MD_CTX_free);
  if (!ctx) throw std::runtime_error("OpenSSL: cannot allocate a digest context");
  Digest h{};
  unsigned int len = 0;
  for (std::int64_t k = 0; k < iters; ++k) {
    EVP_DigestInit_ex2(ctx.get(), sha256(), nullptr);
    if (k > 0) EVP_DigestUpdate(ctx.get(), h.data(), h.size());  // h0 is empty
    EVP_DigestUpdate(ctx.get(), buf.data(), buf.size());
    EVP_DigestFinal_ex(ctx.get(), h.data(), &len);
  }
  return to_hex(h);
}

}  // namespace gilbench::workloads::hash
