// Work a client may ask for, and what is left of it (issue 20, items 6, 7
// and 11): a per-request work budget answered 422; work whose client left,
// or still running at the drain deadline, stops instead of pinning a worker;
// the hash buffer is not kept per worker; a store path with URI characters.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.h"

namespace gilbench::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

// About 50 hours of hashing: what a client could ask for before the budget.
const std::string kDays = R"({"mode":"hash","size":16777216,"iters":10000000})";
const std::vector<std::string> kNoBudget = {"--max-work", "1000000000000000000"};

std::string error_of(const HttpResponse& r) {
  return std::string(json::parse(r.body).at("error").as_string());
}

TEST(WorkBudget, OverTheBudgetIsAnswered422AndTheServerStaysUp) {
  auto s = start_server({"--model", "threads", "--workers", "1", "--max-work", "6400"});
  auto over = post_score(s->port(), R"({"mode":"cpu","iters":101})");
  EXPECT_EQ(over.status, 422) << over.body;
  EXPECT_EQ(error_of(over), "over_budget");
  EXPECT_EQ(post_score(s->port(), R"({"mode":"cpu","iters":100})").status, 200);
  auto hash = post_score(s->port(), R"({"mode":"hash","size":1000,"iters":7})");
  EXPECT_EQ(hash.status, 422) << "7 x (1000 + 32) bytes is over 6400";
  EXPECT_EQ(s->stop(), 0);
}

TEST(WorkBudget, TheDefaultRefusesDaysOfWork) {
  auto s = start_server({"--model", "threads", "--workers", "1"});
  auto r = post_score(s->port(), kDays);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_of(r), "over_budget");
  EXPECT_EQ(s->stop(), 0);
}

class AbandonedWork : public ::testing::TestWithParam<std::string> {};

// threads: the only worker runs days of hashing; its client leaves after
// 1 s. The work must stop, so the next request is served. Before, the worker
// was pinned and the next request was never answered.
TEST_P(AbandonedWork, ThreadsWorkerIsFreedWhenItsClientLeaves) {
  std::vector<std::string> args = {"--model", "threads", "--engine", GetParam(), "--workers", "1",
                                   "--max-iters", "1000000000"};
  args.insert(args.end(), kNoBudget.begin(), kNoBudget.end());
  auto s = start_server(args);
  {
    Conn gone(s->port());
    ASSERT_TRUE(gone.send(score_request(kDays)));
    std::this_thread::sleep_for(1s);
  }  // the client leaves
  Conn next(s->port());
  const auto t0 = SteadyClock::now();
  ASSERT_TRUE(next.send(score_request(R"({"mode":"cpu","iters":1000})")));
  EXPECT_EQ(next.read(15s).status, 200) << "the worker is still pinned by work nobody wants";
  EXPECT_LT(SteadyClock::now() - t0, 5s);
  EXPECT_EQ(s->stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, AbandonedWork, ::testing::Values("native", "python"),
                         [](const auto& info) { return info.param; });

class DrainBound : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

// Days of work in flight at SIGTERM: it stops at the drain deadline, is
// answered 503 and counted (exit 3). Before, threads never exited (its
// worker was joined after the work) and procs answered after it. async is
// not here: its loop, busy with the work, does not see the signal, so the
// work runs to its end (bounded by --max-work; docs/api.md, "Shutdown").
TEST_P(DrainBound, WorkStillRunningAtTheDeadlineStopsAndExits3) {
  const auto& [model, engine] = GetParam();
  std::vector<std::string> args = {"--model", model, "--engine", engine, "--workers", "1",
                                   "--max-iters", "1000000000", "--drain-timeout", "1"};
  args.insert(args.end(), kNoBudget.begin(), kNoBudget.end());
  auto s = start_server(args);
  Conn c(s->port());
  ASSERT_TRUE(c.send(score_request(kDays)));
  std::this_thread::sleep_for(500ms);
  const auto t0 = SteadyClock::now();
  ::kill(s->pid(), SIGTERM);
  auto r = c.read(15s);
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(s->stop(0, 15s), 3);
  EXPECT_LT(SteadyClock::now() - t0, 5s) << "the drain deadline is 1 s";
}

INSTANTIATE_TEST_SUITE_P(
    ModelsRunningWorkInProcess, DrainBound,
    ::testing::Combine(::testing::Values("threads", "procs"), ::testing::Values("native", "python")),
    [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

TEST(DrainBound, ServeHelpStatesTheBound) {
  const std::string cmd = gilbench_bin() + " serve --help";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string help;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) help.append(buf, n);
  ::pclose(p);
  EXPECT_NE(help.find("--max-work"), std::string::npos);
  EXPECT_NE(help.find("at most --drain-timeout + 10 s"), std::string::npos) << help;
}

long rss_kib(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// threads/native with 32 workers kept one 16 MiB buffer per worker that
// had hashed one: 543 MB after 200 requests. Now one buffer per process.
TEST(HashMemory, BuffersAreNotKeptPerWorker) {
  auto s = start_server({"--model", "threads", "--workers", "32"});
  const std::string req = score_request(R"({"mode":"hash","size":16777216,"iters":1})");
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 32; ++i)
    clients.emplace_back([&] {
      Conn c(s->port());
      for (int k = 0; k < 3; ++k)
        if (c.send(req) && c.read(30s).status == 200) ++ok;
    });
  for (auto& t : clients) t.join();
  ASSERT_EQ(ok.load(), 96);
  const long rss = rss_kib(s->pid());
  EXPECT_GT(rss, 0);
  EXPECT_LT(rss, 96 * 1024) << "RSS " << rss << " KiB after 96 requests of hash 16 MiB";
  EXPECT_EQ(s->stop(), 0);
}

// SQLite read the path as a URI: `?` started its query and `#` its
// fragment, so `db init` made a store `serve` could not open.
TEST(StorePath, UriCharactersAreOpenedAsAPath) {
  const fs::path dir = fs::temp_directory_path() / ("gilbench-db-path-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string db = (dir / "a#b?c%41 d.db").string();
  const std::string init = gilbench_bin() + " db init --keys 10 --db '" + db + "' > /dev/null";
  ASSERT_EQ(std::system(init.c_str()), 0);
  for (const char* engine : {"native", "python"}) {
    SCOPED_TRACE(engine);
    auto s = Process::start({gilbench_bin(), "serve", "--port", "0", "--db", db, "--engine", engine});
    auto r = post_score(s->port(), R"({"mode":"io","key":"k9"})");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(s->stop(), 0);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gilbench::testing
