// The model descriptor end to end: the argv a sweep builds for a target is
// parsed by the real `gilbench serve` into the same options (its startup
// line prints the ones the model reads), /healthz reports the effective
// worker count, and bad values are refused with the options' own text.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "harness.h"
#include "load_cli.h"
#include "models/options.h"

namespace gilbench::testing {
namespace {

std::vector<std::string> with(std::vector<std::string> argv, const std::vector<std::string>& more) {
  argv.insert(argv.end(), more.begin(), more.end());
  return argv;
}

std::string after_model(const std::string& announcement) {
  auto at = announcement.find(" model=");
  return at == std::string::npos ? announcement : announcement.substr(at + 1);
}

TEST(ModelsOptions, ServeParsesTheSweepArgvBackToTheSameOptions) {
  const models::ModelOptions o{.queue = 8, .on_full = models::OnFull::reject,
                               .db_offload = models::DbOffloadMode::inline_};
  auto s = start_server(with({"--model", "offload", "--workers", "1"}, models::serve_args(o)));
  EXPECT_EQ(after_model(s->announcement()),
            "model=offload engine=native workers=1 queue=8 on_full=reject db_offload=inline");
  EXPECT_EQ(s->stop(), 0);
}

TEST(ModelsOptions, AsyncReportsOneWorkerWhateverWorkersSays) {
  auto s = start_server(with({"--model", "async", "--workers", "4"},
                             models::serve_args({.db_offload = models::DbOffloadMode::thread})));
  EXPECT_EQ(after_model(s->announcement()), "model=async engine=native workers=1 db_offload=thread");
  auto h = get(s->port(), "/healthz");
  ASSERT_EQ(h.status, 200);
  EXPECT_EQ(boost::json::parse(h.body).at("workers").as_int64(), 1);
  EXPECT_EQ(s->stop(), 0);
}

TEST(ModelsOptions, BadValuesAreRefusedWithTheOptionsText) {
  const std::pair<const char*, const char*> refused[] = {
      {"--on-full drop", "--on-full: 'drop' is not block or reject"},
      {"--queue 0", "--queue: '0' is not an integer in 1..1000000"},
      {"--db-offload async", "--db-offload: 'async' is not thread or inline"},
      {"--model fibers", "--model: fibers not in {threads,async,procs,offload}"},
  };
  for (auto [args, error] : refused) {
    auto r = run_cli(std::string("serve --port 0 ") + args);
    EXPECT_NE(r.status, 0) << args;
    EXPECT_NE(r.out.find(error), std::string::npos) << r.out;
  }
  auto help = run_cli("serve --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("async, offload: SQLite on its own thread"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace gilbench::testing
