// The model descriptor: every registered model builds, its options parse and
// check with exact error texts, and what a sweep writes on serve's command
// line reads back to the same typed options.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "models/model.h"
#include "models/registry.h"

namespace gilbench::models {
namespace {

TEST(ModelRegistry, EveryModelBuildsAndReadsOnlyKnownOptions) {
  std::set<std::string_view> names;
  for (auto& m : model_registry()) {
    EXPECT_TRUE(names.insert(m.name).second) << "duplicate model " << m.name;
    EXPECT_NE(m.make(), nullptr) << m.name;
    EXPECT_NE(make_model(m.name), nullptr) << m.name;
    EXPECT_EQ(find_model(m.name), &m);
    EXPECT_FALSE(m.summary.empty()) << m.name;
    for (auto key : m.options) EXPECT_NE(find_option(key), nullptr) << m.name << " reads unknown " << key;
  }
  EXPECT_EQ(names, (std::set<std::string_view>{"threads", "async", "procs", "offload"}));
  EXPECT_EQ(model_names(), "threads, async, procs, offload");
}

TEST(ModelRegistry, UnknownModelIsRejectedNamingTheChoices) {
  EXPECT_EQ(find_model("fibers"), nullptr);
  try {
    make_model("fibers");
    FAIL() << "make_model accepted an unknown name";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown model 'fibers' (expected: threads, async, procs, offload)");
  }
}

TEST(ModelRegistry, AsyncRunsOneWorkerOthersTheRequestedCount) {
  EXPECT_EQ(find_model("async")->effective_workers(8), 1);
  EXPECT_EQ(find_model("threads")->effective_workers(8), 8);
  EXPECT_EQ(find_model("procs")->effective_workers(3), 3);
  EXPECT_EQ(find_model("offload")->effective_workers(2), 2);
  ServeConfig cfg;
  cfg.model = "async";
  cfg.workers = 4;
  EXPECT_EQ(effective_workers(cfg), 1);
}

TEST(ModelRegistry, WhichModelReadsWhichOption) {
  EXPECT_EQ(option_help("queue"),
            "threads, offload: capacity of the bounded work queue (offload: cpu jobs waiting for a pool process)");
  EXPECT_EQ(option_help("on_full"), "threads, offload: when the queue is full, block (stop reading) or reject (503)");
  EXPECT_EQ(option_help("db_offload"),
            "async, offload: SQLite on its own thread (as aiosqlite) or inline on the loop");
  EXPECT_EQ(workers_help(),
            "threads: worker threads; async: ignored (one loop); procs: worker processes; offload: pool processes for cpu");
  ServeConfig cfg;
  EXPECT_EQ(startup_options(cfg), " queue=64 on_full=block");
  cfg.model = "procs";
  EXPECT_EQ(startup_options(cfg), "");
  cfg.model = "offload";
  cfg.db_offload = DbOffloadMode::inline_;
  EXPECT_EQ(startup_options(cfg), " queue=64 on_full=block db_offload=inline");
}

std::string parse_error(std::string_view key, std::string_view text) {
  ModelOptions o;
  return find_option(key)->parse(text, o);
}

TEST(ModelOptions, ValuesAreCheckedWithExactErrors) {
  EXPECT_EQ(parse_error("queue", "0"), "'0' is not an integer in 1..1000000");
  EXPECT_EQ(parse_error("queue", "1000001"), "'1000001' is not an integer in 1..1000000");
  EXPECT_EQ(parse_error("queue", "8x"), "'8x' is not an integer in 1..1000000");
  EXPECT_EQ(parse_error("queue", ""), "'' is not an integer in 1..1000000");
  EXPECT_EQ(parse_error("on_full", "drop"), "'drop' is not block or reject");
  EXPECT_EQ(parse_error("db_offload", "async"), "'async' is not thread or inline");
  EXPECT_EQ(parse_error("queue", "1000000"), "");
  EXPECT_EQ(parse_error("on_full", "reject"), "");
  EXPECT_EQ(parse_error("db_offload", "inline"), "");
  EXPECT_EQ(find_option("bogus"), nullptr);

  ServeConfig cfg;
  EXPECT_EQ(validate(cfg), "");
  cfg.queue = 0;
  EXPECT_EQ(validate(cfg), "--queue: '0' is not an integer in 1..1000000");
}

TEST(ModelOptions, DefaultsFlagsAndTexts) {
  EXPECT_EQ(find_option("queue")->default_text(), "64");
  EXPECT_EQ(find_option("on_full")->default_text(), "block");
  EXPECT_EQ(find_option("db_offload")->default_text(), "thread");
  EXPECT_EQ(find_option("on_full")->flag(), "--on-full");
  EXPECT_EQ(to_string(OnFull::reject), "reject");
  EXPECT_EQ(to_string(DbOffloadMode::inline_), "inline");
  EXPECT_EQ(parse_on_full("block"), OnFull::block);
  EXPECT_EQ(parse_db_offload("thread"), DbOffloadMode::thread);
  EXPECT_EQ(parse_db_offload("Thread"), std::nullopt);
}

// The parser `gilbench serve` registers for each flag (cli/serve.cpp), fed
// the argv a sweep builds.
ModelOptions parse_flags(const std::vector<std::string>& argv) {
  ModelOptions o;
  for (std::size_t i = 0; i + 1 < argv.size(); i += 2) {
    const OptionDef* def = nullptr;
    for (auto& d : model_options())
      if (d.flag() == argv[i]) def = &d;
    EXPECT_NE(def, nullptr) << argv[i];
    if (def) EXPECT_EQ(def->parse(argv[i + 1], o), "");
  }
  return o;
}

TEST(ModelOptions, ServeArgsRoundTripToTheSameTypedOptions) {
  ModelOptions all{.queue = 8, .on_full = OnFull::reject, .db_offload = DbOffloadMode::inline_};
  EXPECT_EQ(serve_args(all), (std::vector<std::string>{"--queue", "8", "--on-full", "reject", "--db-offload", "inline"}));
  EXPECT_TRUE(serve_args(ModelOptions{}).empty());
  for (const ModelOptions& o :
       {all, ModelOptions{}, ModelOptions{.queue = 1'000'000}, ModelOptions{.on_full = OnFull::block},
        ModelOptions{.db_offload = DbOffloadMode::thread}, ModelOptions{.queue = 1, .db_offload = DbOffloadMode::inline_}})
    EXPECT_EQ(parse_flags(serve_args(o)), o) << fmt::format("{}", fmt::join(serve_args(o), " "));

  // Applied to a server config, and read back from it.
  ServeConfig cfg;
  apply(ModelOptions{.on_full = OnFull::reject}, cfg);
  EXPECT_EQ(cfg.on_full, OnFull::reject);
  EXPECT_EQ(cfg.queue, 64);
  apply(all, cfg);
  EXPECT_EQ(options_of(cfg), all);
}

}  // namespace
}  // namespace gilbench::models
