// The timing split the handler stamps on answers: queue_us from the socket
// arrival, gil_wait_us out of service_us (docs/api.md, "Timing fields").
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "models/handler.h"

namespace gilbench::models {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

// An engine worker with a GIL whose waits the test sets per call.
class FakeWorker final : public engines::Worker {
 public:
  std::optional<std::chrono::nanoseconds> per_call;  // nullopt: no GIL (native)
  std::string cpu(std::string_view, std::int64_t) override {
    enter();
    return "ab";
  }
  std::optional<std::string> lookup(std::string_view key) override {
    enter();
    if (key == "missing") return std::nullopt;
    return "v";
  }
  void block_wait(std::chrono::microseconds) override { enter(); }
  std::int64_t key_count() const override { return 10; }
  std::optional<std::chrono::nanoseconds> take_gil_wait() override {
    if (!per_call) return std::nullopt;
    auto w = waited_;
    waited_ = {};
    return w;
  }

 private:
  void enter() {
    if (per_call) waited_ += *per_call;
  }
  std::chrono::nanoseconds waited_{};
};

json::object body(const http::Reply& r) { return json::parse(r.body).as_object(); }

const Identity kId{"threads", "python", 1};
const Clock::time_point t0{100s};

TEST(HandlerTiming, QueueFromArrivalServiceLessTheGilWait) {
  api::Outcome o;
  o.gil_wait = 300us;
  auto r = make_reply(api::Mode::noop, o, kId, {t0, t0 + 2ms, t0 + 7ms});
  auto b = body(r);
  EXPECT_EQ(b.at("queue_us").as_int64(), 2000);
  EXPECT_EQ(b.at("gil_wait_us").as_int64(), 300);
  EXPECT_EQ(b.at("service_us").as_int64(), 4700);  // 5000 of work, 300 of it waiting for the GIL
}

TEST(HandlerTiming, UnknownArrivalAndNoGilLeaveTheFieldsOut) {
  auto b = body(make_reply(api::Mode::noop, api::Outcome{}, kId, {std::nullopt, t0, t0 + 5ms}));
  EXPECT_FALSE(b.contains("queue_us"));
  EXPECT_FALSE(b.contains("gil_wait_us"));
  EXPECT_EQ(b.at("service_us").as_int64(), 5000);
}

TEST(HandlerTiming, ErrorsCarryNoTiming) {
  api::Outcome o;
  o.status = 404;
  o.error = {404, "unknown_key", "no"};
  auto r = make_reply(api::Mode::io, o, kId, {t0, t0, t0});
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(body(r).contains("queue_us"));
}

TEST(HandlerTiming, CpuAndLookupTakeTheWorkersGilWait) {
  FakeWorker w;
  w.per_call = 40us;
  EXPECT_EQ(run_cpu({1, "s"}, w).gil_wait, 40us);
  EXPECT_EQ(run_lookup("k1", w).gil_wait, 40us);
  EXPECT_EQ(run_lookup("missing", w).gil_wait, 40us);
  w.per_call.reset();
  EXPECT_FALSE(run_cpu({1, "s"}, w).gil_wait);
}

TEST(HandlerTiming, ABlockingIoWaitsGilWaitCountsWithItsLookup) {
  FakeWorker w;
  w.per_call = 25us;
  std::mt19937_64 rng(1);
  api::IoRequest io;
  io.key = "k1";
  io.wait_ms = 1;
  io.wait_dist = api::WaitDist::fixed;
  auto o = run_blocking(io, w, rng);
  EXPECT_EQ(o.gil_wait, 50us);  // the sleep's entry and the lookup's
  // The next request starts from zero.
  io.wait_ms = 0;
  EXPECT_EQ(run_blocking(io, w, rng).gil_wait, 25us);
}

}  // namespace
}  // namespace gilbench::models
