// The one request handler (models/handler.h), with a fake engine worker, a
// fake clock and a fake waiter: no sockets, no engine. Also the timing
// split it stamps on answers (docs/api.md, "Timing fields").
#include "models/handler.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <stdexcept>

#include "workloads/fake_worker.h"

namespace gilbench::models {
namespace {

using namespace std::chrono_literals;
using testing::Return;
using workloads::FakeWorker;
namespace json = boost::json;

const Clock::time_point t0{100s};

// Hands out the given instants in turn.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::vector<time_point> ticks) : ticks_(std::move(ticks)) {}
  time_point now() const override { return ticks_.at(next_++); }

 private:
  std::vector<time_point> ticks_;
  mutable std::size_t next_ = 0;
};

// Records the waits asked of it and answers them with `wakes`.
class FakeWaiter final : public Waiter {
 public:
  bool wakes = true;
  std::vector<std::chrono::microseconds> sleeps;
  boost::asio::awaitable<bool> sleep(std::chrono::microseconds d, engines::Worker&) override {
    sleeps.push_back(d);
    co_return wakes;
  }
};

// handle() of one request, to its end, on this thread.
Handled handle_now(const Request& r, engines::Worker& w, Waiter& waiter, Rng& rng,
                   Clock& clock = Clock::steady()) {
  Handled out;
  run_to_end([](Handled& out, const Request& r, engines::Worker& w, Waiter& waiter, Rng& rng,
                Clock& clock) -> boost::asio::awaitable<void> {
    out = co_await handle(r, w, waiter, rng, clock);
  }(out, r, w, waiter, rng, clock));
  return out;
}

Request parse(std::string_view body) {
  auto r = workloads::parse_score(body, {});
  EXPECT_TRUE(r.ok()) << body;
  return std::move(*r.request);
}

json::object body(const http::Reply& r) { return json::parse(r.body).as_object(); }

struct Bench {
  FakeWorker w;
  FakeWaiter waiter;
  FakeClock clock{{t0 + 2ms, t0 + 7ms}};
  Rng rng{1};
  Handled go(const Request& r) { return handle_now(r, w, waiter, rng, clock); }
};

TEST(Handler, WaitsWhatTheWorkloadDrewThenRunsAndStampsTheClock) {
  Bench run;
  EXPECT_CALL(run.w, lookup(std::string_view("k7"))).WillOnce(Return(std::optional<std::string>("v")));
  EXPECT_CALL(run.w, take_gil_wait()).WillOnce(Return(std::nullopt));
  auto h = run.go(parse(R"({"mode":"io","key":"k7","wait_ms":3,"wait_dist":"fixed"})"));
  EXPECT_EQ(run.waiter.sleeps, std::vector<std::chrono::microseconds>{3000us});
  EXPECT_EQ(h.outcome.status, 200);
  EXPECT_EQ(h.outcome.fields, R"("key":"k7","val":"v")");
  EXPECT_EQ(h.started, t0 + 2ms);
  EXPECT_EQ(h.done, t0 + 7ms);
}

TEST(Handler, NoWaitIsNotAskedOfTheWaiter) {
  Bench run;
  auto calls = run.w.record_calls("ab");
  EXPECT_CALL(run.w, take_gil_wait()).WillOnce(Return(std::nullopt));
  auto h = run.go(parse(R"({"mode":"cpu","iters":5})"));
  EXPECT_TRUE(run.waiter.sleeps.empty());
  EXPECT_EQ(*calls, std::vector<std::string>{"cpu(b'gilbench', 5)"});
  EXPECT_EQ(h.outcome.fields, R"("digest":"ab","iters":5)");
}

TEST(Handler, AnExceptionBecomesA500WithItsMessage) {
  Bench run;
  EXPECT_CALL(run.w, call(testing::_)).WillOnce(testing::Throw(std::runtime_error("python: boom")));
  // The failed request's GIL wait is taken so the next request does not inherit it.
  EXPECT_CALL(run.w, take_gil_wait()).WillOnce(Return(5us));
  auto h = run.go(parse(R"({"mode":"cpu","iters":5})"));
  EXPECT_EQ(h.outcome.status, 500);
  EXPECT_EQ(h.outcome.error.code, "internal");
  EXPECT_EQ(h.outcome.error.detail, "python: boom");
  EXPECT_EQ(h.done, t0 + 7ms);
}

TEST(Handler, AWaitGivenUpIsAnswered503AndTheWorkNeverRuns) {
  Bench run;
  run.waiter.wakes = false;
  EXPECT_CALL(run.w, lookup(testing::_)).Times(0);
  auto h = run.go(parse(R"({"mode":"io","wait_ms":1,"wait_dist":"fixed"})"));
  EXPECT_EQ(h.outcome.status, 503);
  EXPECT_EQ(h.outcome.error.code, "shutting_down");
}

TEST(Handler, AMissingKeyIs404UnknownKey) {
  Bench run;
  EXPECT_CALL(run.w, lookup(std::string_view("nope"))).WillOnce(Return(std::nullopt));
  EXPECT_CALL(run.w, take_gil_wait()).WillOnce(Return(std::nullopt));
  auto h = run.go(parse(R"({"mode":"io","key":"nope"})"));
  EXPECT_EQ(h.outcome.status, 404);
  EXPECT_EQ(h.outcome.error.code, "unknown_key");
  EXPECT_EQ(h.outcome.error.detail, "no key 'nope' in the store");
}

TEST(Handler, TheGilWaitOfABlockingWaitAndTheLookupAddUp) {
  // The real BlockingWaiter: its time.sleep takes the GIL once, the lookup
  // once more; the request waited for both.
  FakeWorker w;
  std::chrono::nanoseconds waited{};
  EXPECT_CALL(w, block_wait(2000us)).WillOnce([&](auto) { waited += 300us; });
  EXPECT_CALL(w, lookup(testing::_)).WillOnce([&](auto) {
    waited += 200us;
    return std::optional<std::string>("v");
  });
  EXPECT_CALL(w, take_gil_wait()).WillOnce([&] { return std::optional(std::exchange(waited, {})); });
  BlockingWaiter waiter;
  Rng rng(1);
  auto h = handle_now(parse(R"({"mode":"io","key":"k1","wait_ms":2,"wait_dist":"fixed"})"), w, waiter, rng);
  EXPECT_EQ(h.outcome.gil_wait, std::chrono::nanoseconds(500us));
}

// The timing fields of the answer (make_reply).
const Identity kId{"threads", "python", 1};

Handled handled(Outcome o) { return Handled{std::move(o), t0 + 2ms, t0 + 7ms}; }

TEST(HandlerTiming, QueueFromArrivalServiceLessTheGilWait) {
  Outcome o;
  o.gil_wait = 300us;
  auto b = body(make_reply(parse(R"({"mode":"noop"})"), handled(o), kId, t0));
  EXPECT_EQ(b.at("queue_us").as_int64(), 2000);
  EXPECT_EQ(b.at("gil_wait_us").as_int64(), 300);
  EXPECT_EQ(b.at("service_us").as_int64(), 4700);  // 5000 of work, 300 of it waiting for the GIL
}

TEST(HandlerTiming, UnknownArrivalAndNoGilLeaveTheFieldsOut) {
  auto b = body(make_reply(parse(R"({"mode":"noop"})"), handled({}), kId, std::nullopt));
  EXPECT_FALSE(b.contains("queue_us"));
  EXPECT_FALSE(b.contains("gil_wait_us"));
  EXPECT_EQ(b.at("service_us").as_int64(), 5000);
}

TEST(HandlerTiming, WorkDoneInAnotherProcessBringsItsOwnTiming) {
  Outcome o;
  o.fields = R"("digest":"ab","iters":5)";
  o.remote = workloads::Remote{.pid = 77, .service_us = 900, .ipc_us = 8, .sent = t0 + 1ms};
  auto b = body(make_reply(parse(R"({"mode":"cpu","iters":5})"), handled(o), kId, t0));
  EXPECT_EQ(b.at("pid").as_int64(), 77);
  EXPECT_EQ(b.at("queue_us").as_int64(), 1000);  // up to the hand-off
  EXPECT_EQ(b.at("service_us").as_int64(), 900);
  EXPECT_EQ(b.at("ipc_us").as_int64(), 8);
  EXPECT_EQ(b.at("digest").as_string(), "ab");
}

TEST(HandlerTiming, AnErrorOutcomeIsTheErrorAnswer) {
  auto r = make_reply(parse(R"({"mode":"noop"})"), handled(Outcome::failure({503, "overloaded", "full"})), kId, t0);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.retry_after_s, 1);
  EXPECT_EQ(r.body, R"({"error":"overloaded","detail":"full"})");
}

}  // namespace
}  // namespace gilbench::models
