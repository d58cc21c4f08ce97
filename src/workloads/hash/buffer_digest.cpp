#include "workloads/hash/buffer_digest.h"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "engines/abandon.h"
#include "workloads/digest.h"

namespace gilbench::workloads::hash {

namespace {

// buf[i] = i mod 256, so the buffer of any size is the first `size` bytes
// of a longer one: the process keeps one, the longest asked for so far,
// shared read-only by every thread. A thread-local buffer per worker had
// kept workers x 16 MiB for ever (issue 20, item 7). Kept between requests:
// at most kMaxSize; at most twice that while a request still hashes the
// buffer a longer one replaced.
std::shared_ptr<const std::string> buffer_of(std::int64_t size) {
  static std::mutex m;
  static std::shared_ptr<const std::string> longest;
  std::lock_guard lock(m);
  if (!longest || static_cast<std::int64_t>(longest->size()) < size) {
    auto buf = std::make_shared<std::string>(static_cast<std::size_t>(size), '\0');
    for (std::size_t i = 0; i < buf->size(); ++i) (*buf)[i] = static_cast<char>(i & 0xff);
    longest = std::move(buf);
  }
  return longest;
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
  const auto buf = buffer_of(size);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                           &EVP_MD_CTX_free);
  if (!ctx) throw std::runtime_error("OpenSSL: cannot allocate a digest context");
  Digest h{};
  unsigned int len = 0;
  std::int64_t since_poll = 0;
  for (std::int64_t k = 0; k < iters; ++k) {
    if ((since_poll += size + 32) >= engines::kPollBytes) {
      since_poll = 0;
      engines::throw_if_abandoned();
    }
    EVP_DigestInit_ex2(ctx.get(), sha256(), nullptr);
    if (k > 0) EVP_DigestUpdate(ctx.get(), h.data(), h.size());  // h0 is empty
    EVP_DigestUpdate(ctx.get(), buf->data(), static_cast<std::size_t>(size));
    EVP_DigestFinal_ex(ctx.get(), h.data(), &len);
  }
  return to_hex(h);
}

}  // namespace gilbench::workloads::hash
