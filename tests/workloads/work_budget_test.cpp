// The per-request work budget (issue 20, item 6): checked at parse time,
// in bytes fed to SHA-256, answered 422 over_budget. Before it, hash with
// size 16 MiB and iters up to --max-iters (about 50 hours of work) passed.
#include <gtest/gtest.h>

#include "workloads/request.h"

namespace gilbench::workloads {
namespace {

api::Limits budget(std::int64_t bytes) {
  api::Limits lim;
  lim.max_work_bytes = bytes;
  return lim;
}

TEST(WorkBudget, DefaultRefusesDaysOfHashingWithin_max_iters) {
  auto r = parse_score(R"({"mode":"hash","size":16777216,"iters":10000000})", api::Limits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.status, 422);
  EXPECT_EQ(r.error.code, "over_budget");
  EXPECT_NE(r.error.detail.find("167772480000000"), std::string::npos) << r.error.detail;
  EXPECT_NE(r.error.detail.find("--max-work"), std::string::npos) << r.error.detail;
}

TEST(WorkBudget, DefaultAdmitsTheLargestCpuRequestOf_max_iters) {
  EXPECT_TRUE(parse_score(R"({"mode":"cpu","iters":10000000})", api::Limits{}).ok());
  EXPECT_TRUE(parse_score(R"({"mode":"hash","size":16777216,"iters":255})", api::Limits{}).ok());
  EXPECT_FALSE(parse_score(R"({"mode":"hash","size":16777216,"iters":256})", api::Limits{}).ok());
}

TEST(WorkBudget, CpuCountsOneBlockPerIteration) {
  EXPECT_TRUE(parse_score(R"({"mode":"cpu","iters":100})", budget(6400)).ok());
  auto r = parse_score(R"({"mode":"cpu","iters":101})", budget(6400));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.status, 422);
  EXPECT_EQ(r.error.code, "over_budget");
}

TEST(WorkBudget, HashCountsBufferAndDigestPerIterationAtLeastOneBlock) {
  // 1000 + 32 bytes a link.
  EXPECT_TRUE(parse_score(R"({"mode":"hash","size":1000,"iters":10})", budget(10320)).ok());
  EXPECT_FALSE(parse_score(R"({"mode":"hash","size":1000,"iters":10})", budget(10319)).ok());
  // A 1-byte buffer still costs a block a link.
  EXPECT_TRUE(parse_score(R"({"mode":"hash","size":1,"iters":10})", budget(640)).ok());
  EXPECT_FALSE(parse_score(R"({"mode":"hash","size":1,"iters":10})", budget(639)).ok());
}

TEST(WorkBudget, WorkloadsWithoutHashingAreNotCounted) {
  for (const char* body : {R"({"mode":"noop"})", R"({"mode":"json","items":100000})",
                           R"({"mode":"io","wait_ms":60000})"})
    EXPECT_TRUE(parse_score(body, budget(64)).ok()) << body;
}

TEST(WorkBudget, BadFieldsAreStillAnswered400First) {
  auto r = parse_score(R"({"mode":"hash","size":0,"iters":10000000})", budget(64));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.status, 400);
  EXPECT_EQ(r.error.code, "out_of_range");
}

TEST(WorkBudget, WidestLimitsAdmitEverythingServeCouldBeToldToAccept) {
  EXPECT_TRUE(parse_score(R"({"mode":"hash","size":16777216,"iters":1000000000})",
                          api::Limits::widest())
                  .ok());
}

}  // namespace
}  // namespace gilbench::workloads
