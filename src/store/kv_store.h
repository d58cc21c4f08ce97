// The store the io workload reads: SQLite table kv(key TEXT PRIMARY KEY,
// val TEXT) with keys k0..k{N-1} and deterministic 64-character values.
// Every engine opens it, so it has a folder of its own and depends on no
// workload and no engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace gilbench::store {

inline constexpr const char* kDefaultDbPath = "gilbench.db";
inline constexpr std::int64_t kDefaultKeys = 1000;

// The value stored under key k<i>: deterministic so any engine, peer or test
// can compute the expected answer. 64 lowercase hex characters.
std::string value_for_index(std::int64_t i);
std::string key_for_index(std::int64_t i);

// Builds the store at `path` with `keys` keys. Idempotent: an existing store
// with the same key count is left untouched. Atomic: written to a temp file
// in the same directory and renamed, so a crash never leaves half a store.
// Throws std::runtime_error with a message naming the path on failure.
void init_store(const std::string& path, std::int64_t keys);

// The SQLite URI that opens `path` read-only and immutable. The path is
// percent-encoded (all but letters, digits and "/._~-"), so a `#`, `?` or
// `%` in it is part of the file name, not the URI's fragment or query.
// The python engine's gilbench_workloads.configure encodes it the same way.
std::string read_only_uri(const std::string& path);

// A read-only connection with one prepared lookup. The store is immutable
// while serving, so it is opened with `immutable=1`: SQLite then takes no file
// locks, and a lookup costs ~0.6 us instead of ~6 us for a locked
// transaction per query. Not thread-safe: one per worker thread or process.
class KvStore {
 public:
  explicit KvStore(const std::string& path);  // throws if absent or not a store
  ~KvStore();
  KvStore(const KvStore&) = delete;
  KvStore& operator=(const KvStore&) = delete;

  std::optional<std::string> get(std::string_view key);
  std::int64_t key_count() const { return keys_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
  std::int64_t keys_ = 0;
};

}  // namespace gilbench::store
