#include "store/kv_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/python_ref.h"

namespace gilbench::store {
namespace {

namespace fs = std::filesystem;

class KvStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gilbench-kv-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(KvStoreTest, InitThenLookup) {
  init_store(path("kv.db"), 50);
  KvStore s(path("kv.db"));
  EXPECT_EQ(s.key_count(), 50);
  EXPECT_EQ(s.get("k0"), value_for_index(0));
  EXPECT_EQ(s.get("k49"), value_for_index(49));
  EXPECT_EQ(s.get("k50"), std::nullopt);
  EXPECT_EQ(s.get(""), std::nullopt);
  EXPECT_EQ(s.get(std::string("k1\0x", 4)), std::nullopt);
}

TEST_F(KvStoreTest, ValuesAreSha256OfTheirName) {
  // The contract peers and other engines rely on: hex(sha256("gilbench-kv-<i>")).
  EXPECT_EQ(value_for_index(7), testing::python_chain("gilbench-kv-7", 1));
  EXPECT_EQ(value_for_index(0).size(), 64u);
  EXPECT_EQ(key_for_index(12), "k12");
}

TEST_F(KvStoreTest, InitIsIdempotentAndLeavesNoTempFile) {
  init_store(path("kv.db"), 10);
  auto mtime = fs::last_write_time(path("kv.db"));
  init_store(path("kv.db"), 10);  // same size: untouched
  EXPECT_EQ(fs::last_write_time(path("kv.db")), mtime);
  init_store(path("kv.db"), 20);  // different size: rebuilt
  EXPECT_EQ(KvStore(path("kv.db")).key_count(), 20);
  int files = 0;
  for (auto& e : fs::directory_iterator(dir_)) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST_F(KvStoreTest, ReplacesAFileThatIsNotAStore) {
  { std::ofstream(path("junk.db")) << "not sqlite"; }
  init_store(path("junk.db"), 5);
  EXPECT_EQ(KvStore(path("junk.db")).key_count(), 5);
}

TEST_F(KvStoreTest, OpenErrorsNameThePath) {
  try {
    KvStore s(path("missing.db"));
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.db"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("db init"), std::string::npos);
  }
  { std::ofstream(path("junk.db")) << "not sqlite at all, just text"; }
  EXPECT_THROW(KvStore(path("junk.db")), std::runtime_error);
}

// SQLite reads a URI's "?" as its query and "#" as its fragment: a store
// whose path holds them was created by `db init` but could not be opened
// (issue 20, item 11).
TEST_F(KvStoreTest, OpensAPathWithUriCharacters) {
  for (const char* name : {"a#b.db", "a?b.db", "a%41b.db", "a b&c=d.db"}) {
    SCOPED_TRACE(name);
    init_store(path(name), 3);
    KvStore s(path(name));
    EXPECT_EQ(s.key_count(), 3);
    EXPECT_EQ(s.get("k2"), value_for_index(2));
  }
  EXPECT_EQ(read_only_uri("/x/a#b?c%d"), "file:/x/a%23b%3Fc%25d?mode=ro&immutable=1");
}

TEST_F(KvStoreTest, RejectsZeroKeys) {
  EXPECT_THROW(init_store(path("kv.db"), 0), std::invalid_argument);
}

TEST_F(KvStoreTest, InitIntoMissingDirectoryFailsClearly) {
  EXPECT_THROW(init_store(path("no/such/dir/kv.db"), 5), std::runtime_error);
}

}  // namespace
}  // namespace gilbench::store
