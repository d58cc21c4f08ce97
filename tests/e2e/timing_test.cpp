// The latency split every answer carries (docs/api.md, "Timing fields"),
// end to end: queue_us counts the wait in the socket buffer in every model,
// and gil_wait_us is the python engine's wait for the GIL, out of service_us.
// Bounds are generous ratios: this machine's timing is noisy.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <numeric>
#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;

struct Answer {
  json::object body;
  std::int64_t latency_us = 0;  // client: send -> whole answer read
  std::int64_t num(const char* k) const { return body.at(k).as_int64(); }
};

std::string cpu_body(long iters) {
  return R"({"mode":"cpu","seed":"timing","iters":)" + std::to_string(iters) + "}";
}

// Iterations that take about `target` of service on this server, from a probe.
long iters_for(int port, std::chrono::milliseconds target) {
  constexpr long kProbe = 100000;
  auto r = post_score(port, cpu_body(kProbe));
  EXPECT_EQ(r.status, 200) << r.body;
  const auto us = std::max<std::int64_t>(1, json::parse(r.body).at("service_us").as_int64());
  return std::max<long>(1000, static_cast<long>(kProbe * (target.count() * 1000.0 / us)));
}

// Sends every body on its own, already connected, connection back to back,
// then reads every answer on its own thread.
std::vector<Answer> send_at_once(int port, const std::vector<std::string>& bodies) {
  std::vector<std::unique_ptr<Conn>> conns;
  for (std::size_t i = 0; i < bodies.size(); ++i) conns.push_back(std::make_unique<Conn>(port));
  std::vector<Answer> out(bodies.size());
  std::vector<SteadyClock::time_point> sent(bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    sent[i] = SteadyClock::now();
    EXPECT_TRUE(conns[i]->send(score_request(bodies[i])));
  }
  std::vector<std::thread> readers;
  for (std::size_t i = 0; i < bodies.size(); ++i)
    readers.emplace_back([&, i] {
      auto r = conns[i]->read(60s);
      const auto at = SteadyClock::now();
      if (r.status != 200) return;
      out[i].body = json::parse(r.body).as_object();
      out[i].latency_us = std::chrono::duration_cast<std::chrono::microseconds>(at - sent[i]).count();
    });
  for (auto& t : readers) t.join();
  for (const auto& a : out) EXPECT_FALSE(a.body.empty()) << "a request got no 200 answer";
  return out;
}

// The server's figures lie inside what the client saw: the stamp is taken
// after the client sent, the answer is written after the work is done.
void expect_split_fits_latency(const std::vector<Answer>& answers) {
  for (const auto& a : answers) {
    if (a.body.empty()) continue;
    const std::int64_t gil = a.body.contains("gil_wait_us") ? a.num("gil_wait_us") : 0;
    EXPECT_GE(a.num("queue_us"), 0);
    EXPECT_GE(gil, 0);
    EXPECT_GE(a.num("service_us"), 0);
    EXPECT_LE(a.num("queue_us") + gil + a.num("service_us"), a.latency_us + 2000)
        << json::serialize(a.body);
  }
}

class SocketWait : public ::testing::TestWithParam<std::string> {};

// One worker, four cpu requests of known service sent at once on four
// connections: they are served one after another, so the last one waited
// for the other three. Before the receive stamp, async and procs reported
// a queue_us of ~0 here (the wait was in the socket buffer).
TEST_P(SocketWait, LastServedWaitedForTheOthersService) {
  auto s = start_server({"--model", GetParam(), "--workers", "1", "--max-iters", "1000000000"});
  const long iters = iters_for(s->port(), 60ms);
  auto answers = send_at_once(s->port(), std::vector<std::string>(4, cpu_body(iters)));
  ASSERT_EQ(answers.size(), 4u);
  for (const auto& a : answers) ASSERT_TRUE(a.body.contains("queue_us")) << json::serialize(a.body);
  auto last = std::max_element(answers.begin(), answers.end(), [](const Answer& a, const Answer& b) {
    return a.num("queue_us") < b.num("queue_us");
  });
  std::int64_t others = 0;
  for (auto it = answers.begin(); it != answers.end(); ++it)
    if (it != last) others += it->num("service_us");
  EXPECT_GE(last->num("queue_us"), others / 2)
      << "last served: " << json::serialize(last->body) << "; the others' service: " << others;
  EXPECT_FALSE(last->body.contains("gil_wait_us")) << "native has no GIL";
  expect_split_fits_latency(answers);
  EXPECT_EQ(s->stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(EveryModel, SocketWait, ::testing::Values("threads", "async", "procs"),
                         [](const auto& info) { return info.param; });

// An empty line a client sends before its request (RFC 9112 lets servers
// skip it) is not the request: its queue starts with the request's bytes.
TEST(SocketWaitEdge, LeadingEmptyLineDoesNotStartTheQueue) {
  auto s = start_server({"--model", "async"});
  Conn c(s->port());
  ASSERT_TRUE(c.send("\r\n"));
  std::this_thread::sleep_for(300ms);
  ASSERT_TRUE(c.send(score_request(R"({"mode":"noop"})")));
  auto r = c.read();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_LT(json::parse(r.body).at("queue_us").as_int64(), 150'000) << r.body;
  EXPECT_EQ(s->stop(), 0);
}

// Four workers, four concurrent cpu requests: only one can hold the GIL, so
// the others wait to take it, and say so.
TEST(GilWait, FourThreadsFourCpuRequestsReportTheirWait) {
  auto s = start_server({"--model", "threads", "--engine", "python", "--workers", "4",
                         "--max-iters", "1000000000"});
  const long iters = iters_for(s->port(), 60ms);
  auto answers = send_at_once(s->port(), std::vector<std::string>(4, cpu_body(iters)));
  std::int64_t most = 0;
  for (const auto& a : answers) {
    ASSERT_TRUE(a.body.contains("gil_wait_us")) << json::serialize(a.body);
    most = std::max(most, a.num("gil_wait_us"));
  }
  EXPECT_GT(most, 0) << "four threads took one GIL without waiting";
  expect_split_fits_latency(answers);
  // noop runs no Python: it never waits for the GIL.
  auto noop = post_score(s->port(), R"({"mode":"noop"})");
  EXPECT_EQ(json::parse(noop.body).as_object().at("gil_wait_us").as_int64(), 0) << noop.body;
  EXPECT_EQ(s->stop(), 0);
}

// A holds the GIL for its whole call (a switch interval longer than the
// call), B arrives meanwhile and needs the GIL only briefly: B's time goes
// to gil_wait_us, not service_us, which before counted the wait as work.
// A is sized at ~1.5 s and B sent 100 ms after it, so B waits hundreds of
// ms even if the size probe ran 3 times slower than A does.
TEST(GilWait, ServiceExcludesTheWaitForTheGil) {
  auto s = start_server({"--model", "threads", "--engine", "python", "--workers", "2",
                         "--max-iters", "1000000000", "--switch-interval-ms", "10000"});
  const long iters = iters_for(s->port(), 1500ms);
  Conn a(s->port()), b(s->port());
  ASSERT_TRUE(a.send(score_request(cpu_body(iters))));
  std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(b.send(score_request(R"({"mode":"io","key":"k1"})")));
  auto rb = b.read(60s), ra = a.read(60s);
  ASSERT_EQ(ra.status, 200) << ra.body;
  ASSERT_EQ(rb.status, 200) << rb.body;
  auto ob = json::parse(rb.body).as_object();
  const auto b_wait = ob.at("gil_wait_us").as_int64();
  const auto b_service = ob.at("service_us").as_int64();
  EXPECT_GE(b_wait, 100'000) << "B waited for A's call: " << rb.body << " / " << ra.body;
  EXPECT_LT(b_service, b_wait / 4) << rb.body;
  EXPECT_EQ(s->stop(), 0);
}

}  // namespace
}  // namespace gilbench::testing
