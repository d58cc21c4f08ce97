#include "store/kv_store.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace gilbench::store {

namespace fs = std::filesystem;

std::string key_for_index(std::int64_t i) { return fmt::format("k{}", i); }

std::string value_for_index(std::int64_t i) {
  // hex(SHA-256("gilbench-kv-<i>")): 64 characters, reproducible anywhere.
  // One EVP call of its own rather than the cpu workload's chain, so the
  // store (which both engines open) depends on no workload.
  const std::string name = fmt::format("gilbench-kv-{}", i);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(name.data(), name.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 of a store value failed");
  return fmt::format("{:02x}", fmt::join(md, md + len, ""));
}

namespace {

struct Db {
  sqlite3* db = nullptr;
  ~Db() { sqlite3_close(db); }
};

void exec(sqlite3* db, const char* sql, const std::string& path) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error(fmt::format("{}: {}", path, msg));
  }
}

// Key count of an existing store, or -1 if it is not a readable store.
std::int64_t existing_keys(const std::string& path) {
  if (!fs::exists(path)) return -1;
  try {
    KvStore s(path);
    return s.key_count();
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace

void init_store(const std::string& path, std::int64_t keys) {
  if (keys < 1) throw std::invalid_argument("--keys must be at least 1");
  if (existing_keys(path) == keys) return;
  fs::path target(path);
  fs::path tmp = target;
  tmp += fmt::format(".{}.tmp", ::getpid());
  std::error_code ec;
  fs::remove(tmp, ec);
  {
    Db d;
    if (sqlite3_open_v2(tmp.c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK)
      throw std::runtime_error(fmt::format("{}: cannot create: {}", tmp.string(),
                                           d.db ? sqlite3_errmsg(d.db) : "out of memory"));
    exec(d.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", path);
    exec(d.db, "CREATE TABLE kv(key TEXT PRIMARY KEY, val TEXT NOT NULL) WITHOUT ROWID;", path);
    exec(d.db, "BEGIN", path);
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(d.db, "INSERT INTO kv(key, val) VALUES(?, ?)", -1, &ins, nullptr);
    for (std::int64_t i = 0; i < keys; ++i) {
      std::string k = key_for_index(i), v = value_for_index(i);
      sqlite3_bind_text(ins, 1, k.data(), static_cast<int>(k.size()), SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, 2, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
      if (sqlite3_step(ins) != SQLITE_DONE) {
        sqlite3_finalize(ins);
        throw std::runtime_error(fmt::format("{}: insert failed: {}", path, sqlite3_errmsg(d.db)));
      }
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    exec(d.db, "COMMIT", path);
  }
  // fsync the temp file before the rename so the rename never exposes a store
  // whose pages are not on disk yet.
  if (FILE* f = std::fopen(tmp.c_str(), "rb")) {
    ::fsync(fileno(f));
    std::fclose(f);
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp);
    throw std::runtime_error(fmt::format("{}: rename failed: {}", path, ec.message()));
  }
}

std::string read_only_uri(const std::string& path) {
  std::string uri = "file:";
  for (unsigned char c : fs::absolute(path).string()) {
    if (std::isalnum(c) || std::string_view("/._~-").find(static_cast<char>(c)) != std::string_view::npos)
      uri += static_cast<char>(c);
    else
      uri += fmt::format("%{:02X}", c);
  }
  return uri + "?mode=ro&immutable=1";
}

KvStore::KvStore(const std::string& path) {
  if (!fs::exists(path))
    throw std::runtime_error(fmt::format(
        "{}: no such store (create it with `gilbench db init --db {}`)", path, path));
  const std::string uri = read_only_uri(path);
  if (sqlite3_open_v2(uri.c_str(), &db_,
                      SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error(fmt::format("{}: cannot open: {}", path, msg));
  }
  sqlite3_stmt* count = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM kv", -1, &count, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v3(db_, "SELECT val FROM kv WHERE key = ?", -1, SQLITE_PREPARE_PERSISTENT,
                         &get_, nullptr) != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_finalize(count);
    sqlite3_close(db_);
    throw std::runtime_error(fmt::format("{}: not a gilbench store: {}", path, msg));
  }
  if (sqlite3_step(count) == SQLITE_ROW) keys_ = sqlite3_column_int64(count, 0);
  sqlite3_finalize(count);
}

KvStore::~KvStore() {
  sqlite3_finalize(get_);
  sqlite3_close(db_);
}

std::optional<std::string> KvStore::get(std::string_view key) {
  sqlite3_bind_text(get_, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
  std::optional<std::string> out;
  if (sqlite3_step(get_) == SQLITE_ROW) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(get_, 0));
    out.emplace(p, static_cast<std::size_t>(sqlite3_column_bytes(get_, 0)));
  }
  sqlite3_reset(get_);
  sqlite3_clear_bindings(get_);
  return out;
}

}  // namespace gilbench::store
