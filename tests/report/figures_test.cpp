// The data behind the GIL figure: which source it takes and the speedups it
// draws, from the paper fixture (tests/fixtures/paper/make_fixture.py: a
// 2-core model where python threads serialise and processes scale).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

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

// Every CPU-bound workload gets its panel, whatever its name: here the
// fixture's cpu cells copied as a hash workload (kind cpu, smaller iters).
TEST(GilFigure, OnePanelPerCpuBoundWorkloadLargestItersFirst) {
  auto res = load_results(kFixture);
  std::vector<Point> hash;
  for (const auto& p : res.points)
    if (p.mode == "cpu") {
      Point h = p;
      h.mode = "hash";
      h.workload = "hash size=65536 iters=16";
      h.iters = 16;
      hash.push_back(h);
    }
  ASSERT_FALSE(hash.empty());
  res.points.insert(res.points.end(), hash.begin(), hash.end());
  auto panels = gil_panels(res);
  // ... and the pool's workload (cpu iters=80000), which the sweep lacks.
  ASSERT_EQ(panels.size(), 3u);
  EXPECT_EQ(panels[0].workload, "cpu iters=150000");
  EXPECT_EQ(panels[1].workload, "hash size=65536 iters=16");
  EXPECT_EQ(panels[1].source, panels[0].source);
  EXPECT_EQ(panels[2].source, "pool");
  EXPECT_EQ(panels[2].workload, "cpu iters=80000");
  auto dir = std::filesystem::temp_directory_path() / ("gilbench-gilfig-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto figs = summary_figures(res, dir.string());
  std::filesystem::remove_all(dir);
  auto gil = std::find_if(figs.begin(), figs.end(), [](const FigureSpec& f) { return f.name == "gil"; });
  ASSERT_NE(gil, figs.end());
  EXPECT_NE(gil->body.find("set multiplot layout 1,3"), std::string::npos) << gil->body;
  EXPECT_NE(gil->title.find("hash size=65536 iters=16"), std::string::npos) << gil->title;
}

// capacity.csv says found, not_found or failed (as the sweep writes it): a
// cross marks every status but found, so a found capacity is drawn plain.
TEST(CapacityFigure, CrossesOnlyRowsWhoseCapacityWasNotFound) {
  auto res = load_results(kFixture);
  auto dir = std::filesystem::temp_directory_path() / ("gilbench-capfig-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  summary_figures(res, dir.string());
  std::ifstream in(dir / "capacity.dat");
  ASSERT_TRUE(in.good());
  std::map<std::string, std::string> flag;  // series -> last field
  for (std::string line; std::getline(in, line);)
    flag[line.substr(1, line.find(" | ") - 1)] = line.substr(line.rfind(' ') + 1);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(flag.size(), 7u);
  EXPECT_EQ(flag["threads/python w4"], "0");
  EXPECT_EQ(flag["async/native w1"], "0");
  EXPECT_EQ(flag["peer:aiohttp w1"], "1") << "not_found";
}

}  // namespace
}  // namespace gilbench::report
