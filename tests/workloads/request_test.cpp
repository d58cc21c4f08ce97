#include "workloads/request.h"

#include <gtest/gtest.h>

#include "api/response.h"
#include "workloads/fake_worker.h"

namespace gilbench::workloads {
namespace {

struct BadCase {
  std::string name;
  std::string body;
  int status;
  std::string code;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadRequest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadRequest, GetsExactStatusAndCode) {
  api::Limits lim;
  lim.max_iters = 1'000'000;
  auto r = parse_score(GetParam().body, lim);
  ASSERT_FALSE(r.ok()) << GetParam().body;
  EXPECT_EQ(r.error.status, GetParam().status);
  EXPECT_EQ(r.error.code, GetParam().code);
  EXPECT_FALSE(r.error.detail.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadRequest,
    ::testing::Values(
        BadCase{"empty", "", 400, "malformed_json"},
        BadCase{"whitespace", "   ", 400, "malformed_json"},
        BadCase{"truncated", R"({"mode":"cpu")", 400, "malformed_json"},
        BadCase{"trailing_garbage", R"({"mode":"cpu"}x)", 400, "malformed_json"},
        BadCase{"single_quotes", "{'mode':'cpu'}", 400, "malformed_json"},
        BadCase{"invalid_utf8", "{\"mode\":\"cpu\",\"seed\":\"\xff\xfe\"}", 400, "malformed_json"},
        BadCase{"overlong_utf8", "{\"mode\":\"cpu\",\"seed\":\"\xc0\xaf\"}", 400, "malformed_json"},
        BadCase{"deep_nesting", std::string(100, '[') + std::string(100, ']'), 400, "malformed_json"},
        BadCase{"deep_nesting_in_field",
                R"({"mode":"cpu","x":)" + std::string(40, '[') + std::string(40, ']') + "}", 400,
                "malformed_json"},
        BadCase{"array_body", R"(["cpu"])", 400, "invalid_request"},
        BadCase{"string_body", R"("cpu")", 400, "invalid_request"},
        BadCase{"null_body", "null", 400, "invalid_request"},
        BadCase{"no_mode", R"({"iters":5})", 400, "missing_field"},
        BadCase{"mode_number", R"({"mode":1})", 400, "wrong_type"},
        BadCase{"mode_null", R"({"mode":null})", 400, "wrong_type"},
        BadCase{"unknown_mode", R"({"mode":"gpu"})", 400, "unknown_mode"},
        BadCase{"mode_case", R"({"mode":"CPU"})", 400, "unknown_mode"},
        BadCase{"iters_float", R"({"mode":"cpu","iters":1.5})", 400, "wrong_type"},
        BadCase{"iters_integral_float", R"({"mode":"cpu","iters":80000.0})", 400, "wrong_type"},
        BadCase{"iters_exponent", R"({"mode":"cpu","iters":8e4})", 400, "wrong_type"},
        BadCase{"iters_bool", R"({"mode":"cpu","iters":true})", 400, "wrong_type"},
        BadCase{"iters_string", R"({"mode":"cpu","iters":"5"})", 400, "wrong_type"},
        BadCase{"iters_null", R"({"mode":"cpu","iters":null})", 400, "wrong_type"},
        BadCase{"iters_zero", R"({"mode":"cpu","iters":0})", 400, "out_of_range"},
        BadCase{"iters_negative", R"({"mode":"cpu","iters":-1})", 400, "out_of_range"},
        BadCase{"iters_over_max", R"({"mode":"cpu","iters":1000001})", 400, "out_of_range"},
        BadCase{"iters_int64_max", R"({"mode":"cpu","iters":9223372036854775807})", 400, "out_of_range"},
        BadCase{"iters_uint64", R"({"mode":"cpu","iters":18446744073709551615})", 400, "out_of_range"},
        BadCase{"iters_huge", R"({"mode":"cpu","iters":99999999999999999999999})", 400, "out_of_range"},
        BadCase{"seed_number", R"({"mode":"cpu","seed":7})", 400, "wrong_type"},
        BadCase{"seed_too_long", R"({"mode":"cpu","seed":")" + std::string(5000, 'a') + "\"}", 400,
                "out_of_range"},
        BadCase{"key_number", R"({"mode":"io","key":5})", 400, "wrong_type"},
        BadCase{"key_too_long", R"({"mode":"io","key":")" + std::string(300, 'k') + "\"}", 400,
                "out_of_range"},
        BadCase{"wait_string", R"({"mode":"io","wait_ms":"5"})", 400, "wrong_type"},
        BadCase{"wait_bool", R"({"mode":"io","wait_ms":false})", 400, "wrong_type"},
        BadCase{"wait_negative", R"({"mode":"io","wait_ms":-0.5})", 400, "out_of_range"},
        BadCase{"wait_huge", R"({"mode":"io","wait_ms":1e9})", 400, "out_of_range"},
        BadCase{"wait_dist_bad", R"({"mode":"io","wait_dist":"normal"})", 400, "invalid_value"},
        BadCase{"wait_dist_number", R"({"mode":"io","wait_dist":1})", 400, "wrong_type"}),
    [](const auto& info) { return info.param.name; });

// What a parsed request does is seen through the engine primitives it
// calls on a fake worker (tests/workloads/fake_worker.h).
TEST(ParseScore, CpuDefaults) {
  auto r = parse_score(R"({"mode":"cpu"})", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.request->workload->name(), "cpu");
  FakeWorker w;
  auto calls = w.record_calls("d");
  Rng rng(1);
  auto o = r.request->workload->run(*r.request->params, w, rng);
  ASSERT_EQ(calls->size(), 1u);
  EXPECT_EQ(calls->at(0), "cpu(b'gilbench', 80000)");
  EXPECT_EQ(o.fields, R"("digest":"d","iters":80000)");
}

TEST(ParseScore, CpuFields) {
  auto r = parse_score(R"({"mode":"cpu","iters":12,"seed":"héllo","extra":[1,2]})", {});
  ASSERT_TRUE(r.ok());
  FakeWorker w;
  auto calls = w.record_calls("d");
  Rng rng(1);
  r.request->workload->run(*r.request->params, w, rng);
  EXPECT_EQ(calls->at(0), "cpu(b'héllo', 12)");
  EXPECT_EQ(r.request->body, R"({"mode":"cpu","iters":12,"seed":"héllo","extra":[1,2]})");
}

TEST(ParseScore, IterBoundsInclusive) {
  api::Limits lim;
  lim.max_iters = 100;
  EXPECT_TRUE(parse_score(R"({"mode":"cpu","iters":1})", lim).ok());
  EXPECT_TRUE(parse_score(R"({"mode":"cpu","iters":100})", lim).ok());
}

TEST(ParseScore, IoDefaultsAndFields) {
  Rng rng(1);
  auto d = parse_score(R"({"mode":"io"})", {});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.request->workload->wait(*d.request->params, rng).count(), 0);  // wait_ms 0

  auto f = parse_score(R"({"mode":"io","key":"k7","wait_ms":2,"wait_dist":"fixed"})", {});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.request->workload->wait(*f.request->params, rng).count(), 2000);
  FakeWorker w;
  EXPECT_CALL(w, lookup(std::string_view("k7"))).WillOnce(testing::Return(std::optional<std::string>("v")));
  auto o = f.request->workload->run(*f.request->params, w, rng);
  EXPECT_EQ(o.fields, R"("key":"k7","val":"v")");

  auto frac = parse_score(R"({"mode":"io","wait_ms":0.25,"wait_dist":"fixed"})", {});
  ASSERT_TRUE(frac.ok());
  EXPECT_EQ(frac.request->workload->wait(*frac.request->params, rng).count(), 250);
}

TEST(ParseScore, Noop) {
  auto r = parse_score(R"({"mode":"noop"})", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.request->workload->name(), "noop");
  EXPECT_EQ(r.request->workload->kind(), Kind::none);
}

TEST(Response, ErrorJsonEscapes) {
  EXPECT_EQ(api::error_json({400, "wrong_type", "a \"b\"\n"}),
            R"({"error":"wrong_type","detail":"a \"b\"\n"})");
}

TEST(Response, SuccessJsonHasStampAndModeFields) {
  auto s = api::success_json("io", R"("key":"k\"1","val":"v")", {"threads", "native", 42, 3, 4});
  EXPECT_EQ(s, R"({"mode":"io","key":"k\"1","val":"v","model":"threads","engine":"native","pid":42,"queue_us":3,"service_us":4})");
}

}  // namespace
}  // namespace gilbench::workloads
