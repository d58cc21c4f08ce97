#include "workloads/cpu/sha256_chain.h"

#include <gtest/gtest.h>

#include "common/python_ref.h"

namespace gilbench::workloads {
namespace {

const std::vector<std::pair<std::string, long>> kCases = {
    {"gilbench", 1},      {"gilbench", 2},     {"gilbench", 80000}, {"", 1},
    {"", 3},              {"abc", 1000},       {"héllo wörld", 17},
    {std::string(64, 'x'), 5},  // seed of exactly one block
    {std::string(300, 's'), 9}, {std::string("\0\x01\xff", 3), 4},
};

TEST(Sha256Chain, AllPathsEqualPythonHashlib) {
  auto expected = testing::python_chains(kCases);
  for (std::size_t i = 0; i < kCases.size(); ++i) {
    const auto& [seed, iters] = kCases[i];
    SCOPED_TRACE("seed size " + std::to_string(seed.size()) + ", iters " + std::to_string(iters));
    EXPECT_EQ(to_hex(sha256_chain(seed, iters)), expected[i]);
    EXPECT_EQ(to_hex(sha256_chain_lowlevel(seed, iters)), expected[i]);
    EXPECT_EQ(to_hex(sha256_chain_evp(seed, iters)), expected[i]);
  }
}

TEST(Sha256Chain, KnownVector) {
  // SHA-256("abc") from FIPS 180-2.
  EXPECT_EQ(to_hex(sha256_chain("abc", 1)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Chain, RejectsNonPositiveIters) {
  EXPECT_THROW(sha256_chain("x", 0), std::invalid_argument);
  EXPECT_THROW(sha256_chain("x", -5), std::invalid_argument);
}

}  // namespace
}  // namespace gilbench::workloads
