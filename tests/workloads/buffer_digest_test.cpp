#include "workloads/hash/buffer_digest.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/python_ref.h"

namespace gilbench::workloads::hash {
namespace {

// Sizes on both sides of hashlib's 2048-byte GIL threshold, one that is not
// a multiple of the 256-byte pattern, and one of several SHA-256 blocks.
const std::vector<std::pair<long, long>> kCases = {
    {1, 1},      {1, 3},     {2, 16},    {255, 2},  {256, 2},   {1024, 16},
    {2047, 16},  {2048, 16}, {2049, 5},  {65536, 1}, {65536, 16}, {100001, 3},
};

TEST(BufferDigest, EqualsPythonHashlibFromTheDefinition) {
  auto expected = testing::python_buffer_digests(kCases);
  for (std::size_t i = 0; i < kCases.size(); ++i) {
    SCOPED_TRACE("size " + std::to_string(kCases[i].first) + ", iters " + std::to_string(kCases[i].second));
    EXPECT_EQ(buffer_digest(kCases[i].first, kCases[i].second), expected[i]);
  }
}

TEST(BufferDigest, OneIterationIsSha256OfTheBuffer) {
  // SHA-256 of the single byte 0x00.
  EXPECT_EQ(buffer_digest(1, 1), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

// The process's one buffer grows when a longer size is asked for and a
// shorter size hashes its prefix; threads share it.
TEST(BufferDigest, SizeChangesAndThreadsDoNotShareAStaleBuffer) {
  const auto big = buffer_digest(65536, 2), small = buffer_digest(2047, 2);
  EXPECT_EQ(buffer_digest(65536, 2), big);
  std::string from_thread;
  std::thread([&] { from_thread = buffer_digest(2047, 2); }).join();
  EXPECT_EQ(from_thread, small);
  EXPECT_NE(big, small);
}

TEST(BufferDigest, RejectsNonPositiveSizeOrIters) {
  EXPECT_THROW(buffer_digest(0, 1), std::invalid_argument);
  EXPECT_THROW(buffer_digest(1, 0), std::invalid_argument);
  EXPECT_THROW(buffer_digest(-1, 5), std::invalid_argument);
}

}  // namespace
}  // namespace gilbench::workloads::hash
