#include "api/request.h"

#include <gtest/gtest.h>

#include "api/response.h"

namespace gilbench::api {
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
  Limits lim;
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

TEST(ParseScore, CpuDefaults) {
  auto r = parse_score(R"({"mode":"cpu"})", {});
  ASSERT_TRUE(r.ok());
  auto& c = std::get<CpuRequest>(*r.request);
  EXPECT_EQ(c.iters, 80000);
  EXPECT_EQ(c.seed, "gilbench");
}

TEST(ParseScore, CpuFields) {
  auto r = parse_score(R"({"mode":"cpu","iters":12,"seed":"héllo","extra":[1,2]})", {});
  ASSERT_TRUE(r.ok());
  auto& c = std::get<CpuRequest>(*r.request);
  EXPECT_EQ(c.iters, 12);
  EXPECT_EQ(c.seed, "héllo");
}

TEST(ParseScore, IterBoundsInclusive) {
  Limits lim;
  lim.max_iters = 100;
  EXPECT_TRUE(parse_score(R"({"mode":"cpu","iters":1})", lim).ok());
  EXPECT_TRUE(parse_score(R"({"mode":"cpu","iters":100})", lim).ok());
}

TEST(ParseScore, IoDefaultsAndFields) {
  auto d = parse_score(R"({"mode":"io"})", {});
  ASSERT_TRUE(d.ok());
  auto& io = std::get<IoRequest>(*d.request);
  EXPECT_FALSE(io.key.has_value());
  EXPECT_EQ(io.wait_ms, 0.0);
  EXPECT_EQ(io.wait_dist, WaitDist::exp);

  auto f = parse_score(R"({"mode":"io","key":"k7","wait_ms":2,"wait_dist":"fixed"})", {});
  ASSERT_TRUE(f.ok());
  auto& io2 = std::get<IoRequest>(*f.request);
  EXPECT_EQ(io2.key.value(), "k7");
  EXPECT_EQ(io2.wait_ms, 2.0);
  EXPECT_EQ(io2.wait_dist, WaitDist::fixed);

  auto frac = parse_score(R"({"mode":"io","wait_ms":0.25})", {});
  ASSERT_TRUE(frac.ok());
  EXPECT_EQ(std::get<IoRequest>(*frac.request).wait_ms, 0.25);
}

TEST(ParseScore, Noop) {
  auto r = parse_score(R"({"mode":"noop"})", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(mode_of(*r.request), Mode::noop);
}

TEST(Response, ErrorJsonEscapes) {
  EXPECT_EQ(error_json({400, "wrong_type", "a \"b\"\n"}),
            R"({"error":"wrong_type","detail":"a \"b\"\n"})");
}

TEST(Response, SuccessJsonHasStampAndModeFields) {
  Outcome o;
  o.key = "k\"1";
  o.val = "v";
  auto s = success_json("io", o, {"threads", "native", 42, 3, 4});
  EXPECT_EQ(s, R"({"mode":"io","key":"k\"1","val":"v","model":"threads","engine":"native","pid":42,"queue_us":3,"service_us":4})");
}

}  // namespace
}  // namespace gilbench::api
