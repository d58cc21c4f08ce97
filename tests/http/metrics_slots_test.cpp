// /metrics keeps one counter slot per registered workload plus one for
// everything else, in fixed arrays (shared memory in procs). These tests pin
// that a route can never land outside them (issue 21: a 10th workload, or a
// route past the registry, used to write past the slots).
#include "http/metrics.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "workloads/registry.h"

namespace gilbench::http {
namespace {

int count_lines(const std::string& text, const std::string& prefix) {
  int n = 0;
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1))
    if (at == 0 || text[at - 1] == '\n') ++n;
  return n;
}

TEST(MetricsSlots, EveryRegisteredWorkloadHasASlotOfItsOwn) {
  const auto all = workloads::all();
  ASSERT_GE(all.size(), 5u);
  ASSERT_LE(all.size(), workloads::kMaxWorkloads);
  EXPECT_EQ(Metrics::kRoutes, static_cast<int>(workloads::kMaxWorkloads) + 1);
  std::set<int> routes;
  for (const auto* w : all) {
    const int r = Metrics::route_of(*w);
    EXPECT_GE(r, 0) << w->name();
    EXPECT_LT(r, Metrics::kOtherRoute) << w->name();
    routes.insert(r);
  }
  EXPECT_EQ(routes.size(), all.size()) << "two workloads share a slot";
}

TEST(MetricsSlots, ARouteOutsideTheRegistryIsCountedAsOther) {
  Metrics m;
  const int past_registry = static_cast<int>(workloads::all().size());
  m.record(-1, 200, 0.001);
  m.record(past_registry, 200, 0.001);  // a free slot below "other": still not a workload
  m.record(Metrics::kRoutes, 200, 0.001);  // one past the arrays
  m.record(1000, 404, 0.0);
  m.record(Metrics::route_of(*workloads::find("cpu")), 200, 0.002);
  const std::string text = m.render("threads", "native");
  EXPECT_NE(text.find("gilbench_requests_total{mode=\"other\",status=\"200\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("gilbench_requests_total{mode=\"other\",status=\"404\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("gilbench_requests_total{mode=\"cpu\",status=\"200\"} 1\n"), std::string::npos) << text;
  EXPECT_EQ(count_lines(text, "gilbench_requests_total{"), 3) << text;
  // Only the /score request of a known workload is in the latency histogram.
  EXPECT_NE(text.find("gilbench_request_seconds_count 1\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace gilbench::http
