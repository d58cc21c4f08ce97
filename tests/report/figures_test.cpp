// The data behind the GIL figure: which source it takes and the speedups it
// draws, from the paper fixture (tests/fixtures/paper/make_fixture.py: a
// 2-core model where python threads serialise and processes scale).
#include <gtest/gtest.h>

#include "report/figures.h"

namespace gilbench::report {
namespace {

const std::string kFixture = std::string(GILBENCH_FIXTURES) + "/paper";

const Curve* curve(const GilData& g, const std::string& label) {
  for (auto& c : g.curves)
    if (c.label == label) return &c;
  return nullptr;
}

TEST(GilFigure, FromTheSweepsWorkerCountsWithTheThreeSeries) {
  auto res = load_results(kFixture);
  auto g = gil_data(res);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->source, "workers");
  EXPECT_EQ(g->workload, "cpu iters=150000");
  EXPECT_EQ(g->cores, 2);
  ASSERT_EQ(g->curves.size(), 3u);
  auto* py = curve(*g, "threads/python");
  auto* native = curve(*g, "threads/native");
  auto* procs = curve(*g, "procs/python");
  ASSERT_TRUE(py && native && procs);
  for (auto* c : {py, native, procs}) {
    ASSERT_EQ(c->pts.size(), 3u) << c->label;  // workers 1, 2, 4
    EXPECT_EQ(c->pts[0].x, 1);
    EXPECT_EQ(c->pts[0].speedup, 1);
    EXPECT_EQ(c->pts[2].x, 4);
  }
  // The fixture's model: the GIL keeps python threads at one core (jitter
  // is 4% a repetition), native threads and processes reach the 2 cores.
  EXPECT_LT(py->pts[2].speedup, 1.1);
  EXPECT_GT(native->pts[2].speedup, 1.7);
  EXPECT_GT(procs->pts[2].speedup, 1.7);
  // Each point is the best over concurrency: c=1 runs one request at a time.
  EXPECT_NEAR(native->pts[0].throughput, 1 / 0.045, 1 / 0.045 * 0.05);
}

TEST(GilFigure, FallsBackToThePoolThenToConcurrency) {
  auto res = load_results(kFixture);
  // One worker count only: the sweep cannot show speedup against workers.
  std::erase_if(res.points, [](const Point& p) { return p.workers != 4 && p.model != "async"; });
  auto g = gil_data(res);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->source, "pool");
  EXPECT_EQ(g->workload, "cpu iters=80000");
  ASSERT_EQ(g->curves.size(), 3u);
  EXPECT_EQ(g->curves[0].label, "threads/python (pool)");

  res.pool.clear();
  g = gil_data(res);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->source, "concurrency");
  ASSERT_EQ(g->curves.size(), 3u);
  EXPECT_EQ(g->curves[0].label, "threads/python w4");
  EXPECT_EQ(g->curves[0].pts.back().x, 16);

  std::erase_if(res.points, [](const Point& p) { return p.mode == "cpu"; });
  EXPECT_FALSE(gil_data(res));
}

}  // namespace
}  // namespace gilbench::report
