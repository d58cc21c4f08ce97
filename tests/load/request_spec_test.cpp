#include "load/request_spec.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

namespace gilbench::load {
namespace {

TEST(KeySampler, UniformCoversTheRangeEvenly) {
  KeySampler s("uniform", 10);
  std::mt19937_64 rng(1);
  std::map<std::int64_t, int> seen;
  for (int i = 0; i < 100000; ++i) ++seen[s(rng)];
  ASSERT_EQ(seen.size(), 10u);
  EXPECT_EQ(seen.begin()->first, 0);
  EXPECT_EQ(seen.rbegin()->first, 9);
  for (const auto& [k, n] : seen) EXPECT_NEAR(n, 10000, 500) << k;
}

TEST(KeySampler, ZipfFollowsOneOverRank) {
  const std::int64_t n = 1000;
  KeySampler s("zipf", n, 1.0);
  std::mt19937_64 rng(2);
  double harmonic = 0;
  for (std::int64_t r = 1; r <= n; ++r) harmonic += 1.0 / static_cast<double>(r);
  std::vector<int> counts(n, 0);
  const int draws = 400000;
  for (int i = 0; i < draws; ++i) {
    const auto k = s(rng);
    ASSERT_GE(k, 0);
    ASSERT_LT(k, n);
    ++counts[static_cast<std::size_t>(k)];
  }
  for (int rank : {1, 2, 10}) {
    const double expected = draws / (rank * harmonic);
    EXPECT_NEAR(counts[rank - 1], expected, expected * 0.05) << "rank " << rank;
  }
  EXPECT_GT(counts[0], 20 * counts[99]);
}

TEST(KeySampler, ZipfStaysInRangeForHugeKeySpaces) {
  KeySampler s("zipf", 1'000'000'000, 1.2);
  std::mt19937_64 rng(3);
  for (int i = 0; i < 10000; ++i) {
    const auto k = s(rng);
    ASSERT_GE(k, 0);
    ASSERT_LT(k, 1'000'000'000);
  }
}

TEST(KeySampler, RejectsBadParameters) {
  EXPECT_THROW(KeySampler("pareto", 10), std::invalid_argument);
  EXPECT_THROW(KeySampler("uniform", 0), std::invalid_argument);
  EXPECT_THROW(KeySampler("zipf", 10, 0.0), std::invalid_argument);
}

TEST(MakeBody, EachWorkloadIsValidJsonWithItsFields) {
  RequestSpec spec;
  spec.mode = "cpu";
  spec.values = {{"iters", "123"}, {"seed", "a\"b"}};
  auto cpu = boost::json::parse(make_body(spec, 0)).as_object();
  EXPECT_EQ(cpu.at("mode").as_string(), "cpu");
  EXPECT_EQ(cpu.at("iters").as_int64(), 123);
  EXPECT_EQ(cpu.at("seed").as_string(), "a\"b");
  spec.mode = "io";
  spec.values = {{"wait_ms", "2.5"}, {"wait_dist", "fixed"}};
  auto io = boost::json::parse(make_body(spec, 42)).as_object();
  EXPECT_EQ(io.at("key").as_string(), "k42");
  EXPECT_DOUBLE_EQ(io.at("wait_ms").to_number<double>(), 2.5);
  EXPECT_EQ(io.at("wait_dist").as_string(), "fixed");
  spec.mode = "noop";
  EXPECT_EQ(make_body(spec, 0), R"({"mode":"noop"})");
  spec.body = "raw!";
  EXPECT_EQ(make_body(spec, 0), "raw!");
}

TEST(RequestPool, IoRequestsCarryKeysOfTheKeySpace) {
  RequestSpec spec;
  spec.mode = "io";
  spec.key_space = 50;
  Url url{"127.0.0.1", "127.0.0.1", 8080, "/score"};
  RequestPool pool(spec, url, 1000);
  ASSERT_EQ(pool.size(), 1000u);
  std::set<std::string> keys;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    const std::string req(pool.at(i));
    ASSERT_EQ(req.rfind("POST /score HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", 0), 0u) << req;
    const auto blank = req.find("\r\n\r\n");
    const std::string body = req.substr(blank + 4);
    EXPECT_NE(req.find("Content-Length: " + std::to_string(body.size()) + "\r\n"), std::string::npos);
    keys.insert(std::string(boost::json::parse(body).at("key").as_string()));
  }
  EXPECT_GT(keys.size(), 40u);
  for (const auto& k : keys) EXPECT_LT(std::stoi(k.substr(1)), 50) << k;
}

TEST(RequestPool, NonIoNeedsOneRequestAndGetHasNoBody) {
  RequestSpec spec;
  spec.method = "GET";
  Url url{"localhost", "127.0.0.1", 80, "/"};
  RequestPool pool(spec, url);
  ASSERT_EQ(pool.size(), 1u);
  EXPECT_EQ(pool.at(0), "GET / HTTP/1.1\r\nHost: localhost:80\r\n\r\n");
}

TEST(ParseUrl, AcceptsNumericAndLocalhostOnly) {
  auto u = parse_url("http://127.0.0.1:8080/score");
  EXPECT_EQ(u.ip, "127.0.0.1");
  EXPECT_EQ(u.port, 8080);
  EXPECT_EQ(u.path, "/score");
  u = parse_url("http://localhost");
  EXPECT_EQ(u.ip, "127.0.0.1");
  EXPECT_EQ(u.port, 80);
  EXPECT_EQ(u.path, "/");
  for (const char* bad : {"https://127.0.0.1/", "127.0.0.1:80", "http://example.com/", "http://127.0.0.1:0/",
                          "http://127.0.0.1:70000/", "http://:80/", "http://[::1]:80/", "http://u@127.0.0.1/"})
    EXPECT_THROW(parse_url(bad), std::invalid_argument) << bad;
}

TEST(Validate, RejectsInconsistentConfigs) {
  LoadConfig c;
  EXPECT_NO_THROW(validate(c));
  c.connections = 1;
  c.threads = 2;
  EXPECT_THROW(validate(c), std::invalid_argument);
  c = LoadConfig{};
  c.duration_s = 0;
  EXPECT_THROW(validate(c), std::invalid_argument);
  c.max_requests = 10;
  EXPECT_NO_THROW(validate(c));
  c.request.mode = "sleep";
  EXPECT_THROW(validate(c), std::invalid_argument);
}

}  // namespace
}  // namespace gilbench::load
