#include <iostream>

#include "cli/commands.h"
#include "store/kv_store.h"

namespace gilbench::cli {

void add_db(CLI::App& app) {
  auto* db = app.add_subcommand("db", "Manage the SQLite key-value store of the io workload");
  db->require_subcommand(1);
  auto* init = db->add_subcommand(
      "init", "Build the store (idempotent; written to a temp file and renamed)");
  struct Opts {
    std::string path = store::kDefaultDbPath;
    std::int64_t keys = store::kDefaultKeys;
  };
  auto opts = std::make_shared<Opts>();
  init->add_option("--db", opts->path, "Path of the store")->capture_default_str();
  init->add_option("--keys", opts->keys, "Number of keys k0..k{N-1}")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
  init->callback([opts] {
    store::init_store(opts->path, opts->keys);
    std::cout << "gilbench db init: " << opts->path << " holds " << opts->keys << " keys\n";
  });
}

}  // namespace gilbench::cli
