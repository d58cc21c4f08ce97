// gilbench load against a stub that breaks HTTP/1.1 framing on purpose: an
// answer that cannot be trusted is a read error of class `protocol`, never
// an ok; and a run with no 2xx answer exits 2 (docs/load.md, exit status).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "load/load.h"
#include "load_cli.h"

namespace gilbench::testing {
namespace {

// Answers every request (head plus Content-Length body) with the same bytes,
// sent in one write so that the client reads them together.
class RawStub {
 public:
  explicit RawStub(std::string reply) : reply_(std::move(reply)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 64) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("stub: bind/listen failed");
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] {
      for (int c; (c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC)) >= 0 && !stopping_;) {
        clients_.push_back(c);
        threads_.emplace_back([this, c] { serve(c); });
      }
    });
  }
  ~RawStub() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    acceptor_.join();
    for (int c : clients_) ::shutdown(c, SHUT_RDWR);
    for (auto& t : threads_) t.join();
    for (int c : clients_) ::close(c);
    ::close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/score"; }

 private:
  void serve(int c) {
    std::string buf;
    char chunk[4096];
    for (;;) {
      const auto end = buf.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::size_t body = 0;
        if (auto cl = buf.find("Content-Length: "); cl != std::string::npos && cl < end)
          body = std::stoul(buf.substr(cl + 16));
        if (buf.size() >= end + 4 + body) {
          buf.erase(0, end + 4 + body);
          if (::send(c, reply_.data(), reply_.size(), MSG_NOSIGNAL) < 0) return;
          continue;
        }
      }
      const ssize_t n = ::recv(c, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buf.append(chunk, static_cast<std::size_t>(n));
    }
  }
  std::string reply_;
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::vector<int> clients_;  // only the acceptor appends; read after it joined
  std::vector<std::thread> threads_;
};

load::LoadResult run_n(const RawStub& stub, std::uint64_t n) {
  load::LoadConfig c;
  c.url = stub.url();
  c.connections = 2;
  c.duration_s = 0;
  c.max_requests = n;
  c.timeout_s = 2;
  return load::run_load(c);
}

TEST(LoadProtocol, ConflictingContentLengthsAreProtocolErrorsNotOk) {
  RawStub stub("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok");
  const auto r = run_n(stub, 20);
  EXPECT_EQ(r.ok, 0u);
  EXPECT_EQ(r.requests, 0u);
  EXPECT_EQ(r.errors.read, 20u);
  EXPECT_EQ(r.errors.protocol, 20u);
  EXPECT_EQ(r.scheduled, r.requests + r.errors.read + r.errors.write + r.errors.timeout + r.censored);
}

TEST(LoadProtocol, RepeatedEqualContentLengthIsFine) {
  RawStub stub("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok");
  const auto r = run_n(stub, 20);
  EXPECT_EQ(r.ok, 20u);
  EXPECT_EQ(r.errors.read, 0u);
}

TEST(LoadProtocol, BytesAfterTheBodyAreProtocolErrorsNotOk) {
  RawStub stub("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA");
  const auto r = run_n(stub, 20);
  EXPECT_EQ(r.ok, 0u);
  EXPECT_EQ(r.errors.read, 20u);
  EXPECT_EQ(r.errors.protocol, 20u);
}

TEST(LoadProtocol, JsonAndSummaryNameTheClass) {
  RawStub stub("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA");
  const auto json = run_load_cli(stub.url() + " -c 1 -n 5 --json", "/dev/null");
  const auto doc = boost::json::parse(json.out).as_object();
  EXPECT_EQ(doc.at("errors").at("protocol").to_number<int>(), 5) << json.out;
  EXPECT_EQ(doc.at("errors").at("read").to_number<int>(), 5) << json.out;
  const auto text = run_load_cli(stub.url() + " -c 1 -n 5");
  EXPECT_NE(text.out.find("read 5 (protocol 5)"), std::string::npos) << text.out;
}

TEST(LoadProtocol, ExitStatusTwoWhenNoRequestSucceeded) {
  RawStub broken("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 9\r\n\r\nok");
  auto r = run_load_cli(broken.url() + " -c 1 -n 5");
  EXPECT_EQ(r.status, load::kExitNoSuccess) << r.out;
  EXPECT_NE(r.out.find("gilbench load: no request succeeded (5 scheduled, 0 answered, none 2xx)"),
            std::string::npos)
      << r.out;
  RawStub shedding("HTTP/1.1 503 X\r\nContent-Length: 0\r\n\r\n");
  r = run_load_cli(shedding.url() + " -c 1 -n 5 --csv");
  EXPECT_EQ(r.status, load::kExitNoSuccess) << r.out;
  RawStub fine("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  r = run_load_cli(fine.url() + " -c 1 -n 5");
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST(LoadProtocol, HelpDocumentsTheExitStatus) {
  const auto r = run_load_cli("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("Exit status: 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 the run ended with no 2xx answer"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gilbench::testing
