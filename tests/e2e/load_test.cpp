// gilbench load against real servers on 127.0.0.1: the gilbench server
// started by the harness, and a tiny stub server in this file whose answers
// and request count the test controls.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "workloads/registry.h"

#include <boost/json.hpp>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness.h"
#include "load_cli.h"
#include "load/load.h"

namespace gilbench::testing {
namespace {

using load::LoadConfig;
using load::LoadResult;

// Answers every request on keep-alive connections: status `status_of(n)` for
// the n-th request (0-based, over all connections); status 0 means never
// answer it. One thread per client.
class StubServer {
 public:
  explicit StubServer(std::function<int(std::uint64_t)> status_of, bool close_each = false)
      : status_of_(std::move(status_of)), close_each_(close_each) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 128) != 0)
      throw std::runtime_error("stub: bind/listen failed");
    socklen_t len = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~StubServer() {
    stopping_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    ::close(listen_fd_);
    for (int fd : clients_fds_) ::shutdown(fd, SHUT_RDWR);
    for (auto& t : clients_) t.join();
    for (int fd : clients_fds_) ::close(fd);
  }
  int port() const { return port_; }
  std::uint64_t received() const { return received_; }

 private:
  void accept_loop() {
    for (;;) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0 || stopping_) {
        if (fd >= 0) ::close(fd);
        return;
      }
      clients_fds_.push_back(fd);
      clients_.emplace_back([this, fd] { serve(fd); });
    }
  }
  void serve(int fd) {
    std::string buf;
    char chunk[4096];
    for (;;) {
      const auto head_end = buf.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::size_t body = 0;
        const auto cl = buf.find("Content-Length: ");
        if (cl != std::string::npos && cl < head_end) body = std::stoul(buf.substr(cl + 16));
        if (buf.size() >= head_end + 4 + body) {
          buf.erase(0, head_end + 4 + body);
          const int status = status_of_(received_++);
          if (status == 0) continue;
          const std::string payload = R"({"queue_us":1,"service_us":2,"gil_wait_us":3,"ipc_us":4})";
          const std::string reply = "HTTP/1.1 " + std::to_string(status) +
                                    (close_each_ ? " X\r\nConnection: close" : " X") +
                                    "\r\nContent-Type: application/json\r\nContent-Length: " +
                                    std::to_string(payload.size()) + "\r\n\r\n" + payload;
          if (::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL) < 0 || close_each_) return;
          continue;
        }
      }
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buf.append(chunk, static_cast<std::size_t>(n));
    }
  }

  std::function<int(std::uint64_t)> status_of_;
  bool close_each_ = false;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> received_{0};
  std::thread acceptor_;
  std::vector<std::thread> clients_;  // only the acceptor thread appends
  std::vector<int> clients_fds_;
};

std::string url_of(int port) { return "http://127.0.0.1:" + std::to_string(port) + "/score"; }

// Every request scheduled in the window is accounted for exactly once.
void expect_conserved(const LoadResult& r) {
  EXPECT_EQ(r.scheduled, r.requests + r.errors.read + r.errors.write + r.errors.timeout + r.censored);
  EXPECT_EQ(r.censored, r.in_flight_end + r.not_issued_end);
  EXPECT_EQ(r.issued, r.scheduled - r.not_issued_end);
  EXPECT_EQ(r.requests, r.ok + r.errors.status);
  EXPECT_EQ(r.latency.count(), r.ok + r.censored);  // 2xx answers and censored samples
  EXPECT_EQ(r.err_latency.count(), r.errors.status);
  std::uint64_t by_status = 0;
  for (const auto& [code, n] : r.errors.by_status) by_status += n;
  EXPECT_EQ(by_status, r.errors.status);
}

CliRun run_cli(const std::string& args) { return run_load_cli(args); }

TEST(Load, RequestLimitSendsExactlyThatManyToTheServer) {
  StubServer stub([](std::uint64_t) { return 200; });
  LoadConfig c;
  c.url = url_of(stub.port());
  c.threads = 2;
  c.connections = 6;
  c.duration_s = 0;
  c.max_requests = 1234;
  const LoadResult r = load::run_load(c);
  EXPECT_EQ(r.issued, 1234u);
  EXPECT_EQ(r.requests, 1234u);
  EXPECT_EQ(r.ok, 1234u);
  EXPECT_EQ(r.in_flight_end, 0u);
  EXPECT_EQ(stub.received(), 1234u);  // the server's side of the count
  EXPECT_EQ(r.service.count(), 1234u);
  EXPECT_EQ(r.service.percentile(50), 2);
  EXPECT_EQ(r.gil_wait.count(), 1234u);  // parsed like queue_us and service_us
  EXPECT_EQ(r.gil_wait.percentile(50), 3);
  EXPECT_EQ(r.ipc.count(), 1234u);
  EXPECT_EQ(r.ipc.percentile(99), 4);
  const auto fields = load::csv_fields(r);
  auto field = [&fields](const std::string& name) {
    for (const auto& [k, v] : fields)
      if (k == name) return v;
    return std::string("missing");
  };
  EXPECT_EQ(field("gil_wait_p50_us"), "3");
  EXPECT_EQ(field("ipc_p99_us"), "4");
  EXPECT_EQ(field("censored"), "0");
  EXPECT_EQ(field("not_issued_end"), "");  // closed loop
  expect_conserved(r);
}

TEST(Load, ConnectionCloseAnswersReconnectWithoutErrors) {
  StubServer stub([](std::uint64_t) { return 200; }, /*close_each=*/true);
  LoadConfig c;
  c.url = url_of(stub.port());
  c.connections = 4;
  c.duration_s = 0;
  c.max_requests = 200;
  const LoadResult r = load::run_load(c);
  EXPECT_EQ(r.requests, 200u);
  EXPECT_EQ(r.ok, 200u);
  EXPECT_EQ(r.errors.read + r.errors.write + r.errors.connect, 0u);
  EXPECT_GE(r.connects, 200u);  // one connection per answer
  EXPECT_EQ(stub.received(), 200u);
  expect_conserved(r);
}

TEST(Load, RequestLimitAgainstGilbenchServe) {
  auto s = start_server({"--model", "threads"});
  LoadConfig c;
  c.url = url_of(s->port());
  c.connections = 4;
  c.duration_s = 0;
  c.max_requests = 500;
  c.request.mode = "io";
  c.request.key_dist = "zipf";
  const LoadResult r = load::run_load(c);
  EXPECT_EQ(r.requests, 500u);
  EXPECT_EQ(r.ok, 500u);  // every key of the zipf draw exists in the store
  EXPECT_EQ(r.queue.count(), 500u);
  EXPECT_EQ(r.service.count(), 500u);
  expect_conserved(r);
  EXPECT_EQ(s->stop(), 0);
}

TEST(Load, ThroughputCountsAnswersCompletedInTheWindowWheneverSent) {
  // 200 ms answers, one connection, 0.3 s warm-up, 1 s window: the request
  // sent at 0.2 s (warm-up) is answered at 0.4 s, inside the window, so
  // completions in the window outnumber answers to requests sent in it.
  auto s = start_server({"--model", "threads", "--workers", "1"});
  LoadConfig c;
  c.url = url_of(s->port());
  c.connections = 1;
  c.warmup_s = 0.3;
  c.duration_s = 1.0;
  c.request.mode = "io";
  c.request.values = {{"wait_ms", "200"}, {"wait_dist", "fixed"}};
  c.drain_s = 0;  // the request on the wire at the window's end is censored, not waited for
  const LoadResult r = load::run_load(c);
  EXPECT_EQ(r.censored, 1u);
  EXPECT_GT(r.ok_completed, r.ok);
  EXPECT_GE(r.ok_completed, 4u);
  EXPECT_LE(r.ok_completed, 6u);
  EXPECT_DOUBLE_EQ(r.throughput_rps(), static_cast<double>(r.ok_completed) / r.duration_s);
  expect_conserved(r);
  EXPECT_EQ(s->stop(), 0);
}

TEST(Load, OpenLoopAchievesARateTheServerHolds) {
  auto s = start_server({"--model", "threads"});
  LoadConfig c;
  c.url = url_of(s->port());
  c.threads = 2;
  c.connections = 16;
  c.duration_s = 2;
  c.warmup_s = 0.2;
  c.rate_rps = 2000;
  const LoadResult r = load::run_load(c);
  EXPECT_EQ(r.loop, "open");
  EXPECT_NEAR(r.throughput_rps(), 2000, 2000 * 0.02);
  EXPECT_NEAR(static_cast<double>(r.issued), 4000, 4000 * 0.02);
  EXPECT_EQ(r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout, 0u);
  EXPECT_EQ(r.timeline.size(), 2u);
  expect_conserved(r);
  EXPECT_EQ(s->stop(), 0);
}

TEST(Load, ServerKilledMidRunIsCountedNotDropped) {
  auto s = start_server({"--model", "threads"});
  LoadConfig c;
  c.url = url_of(s->port());
  c.connections = 4;
  c.duration_s = 2;
  c.timeout_s = 1;
  LoadResult r;
  std::thread run([&] { r = load::run_load(c); });
  std::this_thread::sleep_for(700ms);
  EXPECT_EQ(s->stop(SIGKILL), 128 + SIGKILL);
  run.join();
  EXPECT_GT(r.ok, 0u);
  // The four connections had requests in flight when the server died...
  EXPECT_GE(r.errors.read + r.errors.write, 1u);
  // ...and every reconnect since was refused.
  EXPECT_GE(r.errors.connect, 4u);
  EXPECT_EQ(r.in_flight_end, 0u);
  expect_conserved(r);
}

TEST(Load, Non2xxAnswersAreCountedByStatusCode) {
  StubServer stub([](std::uint64_t n) { return n % 4 == 0 ? 500 : (n % 4 == 1 ? 503 : 200); });
  LoadConfig c;
  c.url = url_of(stub.port());
  c.connections = 3;
  c.duration_s = 0;
  c.max_requests = 400;
  const LoadResult r = load::run_load(c);
  EXPECT_EQ(r.requests, 400u);
  EXPECT_EQ(r.ok, 200u);
  EXPECT_EQ(r.errors.status, 200u);
  EXPECT_EQ(r.errors.by_status.at(500), 100u);
  EXPECT_EQ(r.errors.by_status.at(503), 100u);
  EXPECT_EQ(r.throughput_rps(), r.ok / r.duration_s);
  expect_conserved(r);
}

TEST(Load, UnansweredRequestsTimeOut) {
  StubServer stub([](std::uint64_t n) { return n < 3 ? 0 : 200; });
  LoadConfig c;
  c.url = url_of(stub.port());
  c.connections = 3;
  c.duration_s = 0;
  c.max_requests = 10;
  c.timeout_s = 0.2;
  const LoadResult r = load::run_load(c);
  EXPECT_EQ(r.errors.timeout, 3u);
  EXPECT_EQ(r.requests, 7u);
  EXPECT_EQ(r.ok, 7u);
  EXPECT_GE(r.duration_s, 0.2);
  EXPECT_EQ(r.connects, 6u);  // each timed-out connection was reopened
  expect_conserved(r);
}

TEST(Load, CorrectedLatencyShowsAServerStallThatUncorrectedHides) {
  auto s = start_server({"--model", "async"});
  LoadConfig c;
  c.url = url_of(s->port());
  c.connections = 4;
  c.duration_s = 4;
  c.rate_rps = 200;
  LoadResult r;
  std::thread run([&] { r = load::run_load(c); });
  std::this_thread::sleep_for(1s);
  ::kill(s->pid(), SIGSTOP);
  std::this_thread::sleep_for(1s);
  ::kill(s->pid(), SIGCONT);
  run.join();
  // ~200 requests were due during the 1 s freeze; measured from their
  // intended times they waited up to a second.
  EXPECT_GE(r.latency.percentile(99), 500'000);
  EXPECT_GE(r.latency.percentile(90), 100'000);
  // Only the 4 requests on the wire during the freeze saw it from their
  // write: 0.5% of ~800, below the 99th percentile.
  EXPECT_LT(r.ulatency.percentile(99), 200'000);
  EXPECT_GE(r.ulatency.max(), 800'000);
  EXPECT_EQ(r.errors.timeout, 0u);
  expect_conserved(r);
  EXPECT_EQ(s->stop(), 0);
}

TEST(LoadCli, CsvHeaderIsTheLoadGroupOfTheSchema) {
  std::ifstream doc(std::string(GILBENCH_SOURCE_DIR) + "/docs/csv-schema.md");
  ASSERT_TRUE(doc);
  std::string line, expected;
  while (std::getline(doc, line)) {
    // | column | group | unit | meaning |
    if (line.rfind("| ", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    std::string cell;
    while (std::getline(ss, cell, '|')) cells.push_back(cell.substr(1, cell.size() - 2));
    if (cells.size() >= 2 && cells[1] == "load") expected += (expected.empty() ? "" : ",") + cells[0];
  }
  ASSERT_FALSE(expected.empty());
  std::ostringstream header;
  load::write_csv_header(header);
  EXPECT_EQ(header.str(), expected + "\n");

  StubServer stub([](std::uint64_t) { return 200; });
  const auto r = run_cli(url_of(stub.port()) + " -n 50 -c 2 --csv --mode cpu --iters 7");
  ASSERT_EQ(r.status, 0) << r.out;
  std::istringstream rows(r.out);
  std::string head, row;
  std::getline(rows, head);
  std::getline(rows, row);
  EXPECT_EQ(head, expected);
  // workload, the parameter columns (iters first, the rest empty for cpu),
  // key_dist, then the load settings.
  const auto params = workloads::columns();
  ASSERT_EQ(params.front(), "iters");
  EXPECT_EQ(row.rfind("cpu,7" + std::string(params.size() - 1, ',') + ",,closed,2,1,,", 0), 0u) << row;
}

TEST(LoadCli, JsonAndTimeline) {
  StubServer stub([](std::uint64_t) { return 200; });
  const std::string timeline = ::testing::TempDir() + "gilbench-load-timeline.csv";
  const auto r = run_cli(url_of(stub.port()) + " -d 2s -c 2 --rate 100 --json --timeline " + timeline);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("\"loop\":\"open\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"percentile\":99.9"), std::string::npos) << r.out;
  // Plain decimals, no exponent form, and still valid JSON.
  EXPECT_EQ(r.out.find("E1"), std::string::npos) << r.out;
  auto parsed = boost::json::parse(r.out).as_object();
  EXPECT_NEAR(parsed.at("throughput_rps").to_number<double>(), 100.0, 10.0);
  std::ifstream f(timeline);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(f, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 3u);  // header + 2 seconds
  EXPECT_EQ(lines[0], "t_s,requests,ok,errors,lat_mean_us,lat_max_us");
  // Seconds are by completion time, so a late answer may move to the next
  // second, or past the window into the drain (counted in `requests`, on no
  // timeline row); the rows add up to the whole-run count less those.
  std::uint64_t sum = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::istringstream row(lines[i]);
    std::string t, requests, ok, errors;
    std::getline(row, t, ',');
    std::getline(row, requests, ',');
    std::getline(row, ok, ',');
    std::getline(row, errors, ',');
    EXPECT_EQ(t, std::to_string(i - 1));
    EXPECT_NEAR(std::stod(requests), 100, 10) << lines[i];
    EXPECT_EQ(ok, requests);
    EXPECT_EQ(errors, "0");
    sum += std::stoull(requests);
  }
  const auto at = r.out.find(",\"requests\":");
  ASSERT_NE(at, std::string::npos);
  const auto answered = std::stoull(r.out.substr(at + 12));
  EXPECT_LE(sum, answered) << r.out;
  EXPECT_GE(sum + 2, answered) << r.out;
  std::remove(timeline.c_str());
}

TEST(LoadCli, ClearErrorsForBadUrlsAndUnreachableTargets) {
  auto r = run_cli("https://127.0.0.1:1/ -d 1s");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("only http://"), std::string::npos) << r.out;
  r = run_cli("http://example.com/ -d 1s");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("numeric IPv4"), std::string::npos) << r.out;
  // A port nothing listens on: bind one, close it, aim at it.
  int port;
  {
    StubServer gone([](std::uint64_t) { return 200; });
    port = gone.port();
  }
  r = run_cli(url_of(port) + " -d 1s");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("cannot connect to 127.0.0.1:" + std::to_string(port)), std::string::npos) << r.out;
  r = run_cli(url_of(port) + " -t 4 -c 2");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("connections"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gilbench::testing
