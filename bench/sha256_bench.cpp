// Workload cost of the cpu mode: ns per chain iteration for gilbench's paths
// against the anchor, a raw OpenSSL SHA256_Init/Update/Final loop written
// here. items_per_second counts chain steps; docs/benchmarks.md quotes
// ns/iteration (1e9 / items_per_second) and the ratios.
#include <benchmark/benchmark.h>
#include <openssl/sha.h>

#include <array>

#include "workloads/cpu/sha256_chain.h"

namespace {

constexpr std::int64_t kIters = 80000;

// The anchor: what a C programmer would write with OpenSSL's classic API.
std::array<unsigned char, 32> raw_openssl_chain(const char* seed, std::size_t len, std::int64_t n) {
  std::array<unsigned char, 32> h;
  SHA256(reinterpret_cast<const unsigned char*>(seed), len, h.data());
  for (std::int64_t i = 1; i < n; ++i) {
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, h.data(), h.size());
    SHA256_Final(h.data(), &c);
  }
  return h;
}

// items = chain iterations, so ns/iteration = 1e9 / items_per_second.
void per_iteration(benchmark::State& st) { st.SetItemsProcessed(st.iterations() * kIters); }

void BM_AnchorRawOpenSSL(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(raw_openssl_chain("gilbench", 8, kIters));
  per_iteration(st);
}

void BM_GilbenchFastPath(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(gilbench::workloads::sha256_chain("gilbench", kIters));
  per_iteration(st);
}

void BM_GilbenchEvpReused(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(gilbench::workloads::sha256_chain_evp("gilbench", kIters));
  per_iteration(st);
}

void BM_OneShotSHA256(benchmark::State& st) {
  // What the issue warns against: SHA256() per step re-fetches the algorithm.
  for (auto _ : st) {
    std::array<unsigned char, 32> h{};
    SHA256(reinterpret_cast<const unsigned char*>("gilbench"), 8, h.data());
    for (std::int64_t i = 1; i < kIters; ++i) SHA256(h.data(), h.size(), h.data());
    benchmark::DoNotOptimize(h);
  }
  per_iteration(st);
}

}  // namespace

BENCHMARK(BM_AnchorRawOpenSSL)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GilbenchFastPath)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GilbenchEvpReused)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OneShotSHA256)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
