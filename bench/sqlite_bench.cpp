// Cost of one io lookup: gilbench's KvStore (immutable read-only open,
// prepared statement) against raw SQLite loops written here: the same
// statement on a normal read-only connection (each step its own locked
// read transaction) and on the immutable open. ns per lookup.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/kv_store.h"

namespace {

const std::string& store() {
  static const std::string path = [] {
    auto p = std::filesystem::temp_directory_path() / ("gilbench-bench-" + std::to_string(::getpid()) + ".db");
    gilbench::store::init_store(p.string(), 1000);
    return p.string();
  }();
  return path;
}

const std::vector<std::string>& keys() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v;
    for (int i = 0; i < 1000; ++i) v.push_back("k" + std::to_string((i * 7919) % 1000));
    return v;
  }();
  return k;
}

void raw_loop(benchmark::State& st, const std::string& uri) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT val FROM kv WHERE key = ?", -1, &s, nullptr);
  std::size_t i = 0;
  for (auto _ : st) {
    const auto& k = keys()[i++ % keys().size()];
    sqlite3_bind_text(s, 1, k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) benchmark::DoNotOptimize(sqlite3_column_text(s, 0));
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
}

void BM_AnchorRawLockedPerQuery(benchmark::State& st) { raw_loop(st, "file:" + store() + "?mode=ro"); }
void BM_AnchorRawImmutable(benchmark::State& st) { raw_loop(st, "file:" + store() + "?mode=ro&immutable=1"); }

void BM_GilbenchKvStoreGet(benchmark::State& st) {
  gilbench::store::KvStore kv(store());
  std::size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(kv.get(keys()[i++ % keys().size()]));
}

}  // namespace

BENCHMARK(BM_AnchorRawLockedPerQuery);
BENCHMARK(BM_AnchorRawImmutable);
BENCHMARK(BM_GilbenchKvStoreGet);
BENCHMARK_MAIN();
