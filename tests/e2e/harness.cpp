#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "models/registry.h"

namespace gilbench::testing {

namespace {
using SteadyClock = std::chrono::steady_clock;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

int wait_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}
}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? "" : it->second;
}

std::unique_ptr<Process> Process::start(const std::vector<std::string>& argv,
                                        std::chrono::milliseconds ready_timeout) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    std::perror("execv");
    ::_exit(127);
  }
  ::close(fds[1]);
  auto p = std::unique_ptr<Process>(new Process());
  p->pid_ = pid;
  p->out_fd_ = fds[0];
  const auto deadline = SteadyClock::now() + ready_timeout;
  std::string out;
  static const std::regex port_re(R"(127\.0\.0\.1:(\d+))");
  while (SteadyClock::now() < deadline) {
    auto nl = out.find('\n');
    if (nl != std::string::npos) {
      std::string line = out.substr(0, nl);
      out.erase(0, nl + 1);
      std::smatch m;
      if (std::regex_search(line, m, port_re)) {
        p->port_ = std::stoi(m[1]);
        p->announcement_ = line;
        return p;
      }
      continue;
    }
    pollfd pf{fds[0], POLLIN, 0};
    if (::poll(&pf, 1, 50) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  throw std::runtime_error("process did not announce a port; output: " + out);
}

Process::~Process() {
  if (pid_ > 0 && running()) {
    ::kill(pid_, SIGKILL);
    int st;
    ::waitpid(pid_, &st, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

bool Process::running() {
  if (pid_ <= 0) return false;
  int st;
  pid_t r = ::waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    pid_ = -pid_;  // reaped
    return false;
  }
  return r == 0;
}

int Process::stop(int sig, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, sig);
  const auto deadline = SteadyClock::now() + timeout;
  int st = 0;
  while (SteadyClock::now() < deadline) {
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return wait_status(st);
    }
    std::this_thread::sleep_for(10ms);
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &st, 0);
  pid_ = -1;
  return -1;
}

// GILBENCH_TEST_BIN runs the suite against another build (e.g. an older
// binary, to check that a regression test fails on it).
std::string gilbench_bin() {
  const char* other = std::getenv("GILBENCH_TEST_BIN");
  return other && *other ? other : GILBENCH_BIN;
}

std::vector<std::string> all_models() {
  std::vector<std::string> out;
  for (auto& m : models::model_registry()) out.emplace_back(m.name);
  return out;
}

const std::string& test_db() {
  static std::once_flag once;
  static std::string path;
  std::call_once(once, [] {
    auto dir = std::filesystem::temp_directory_path() /
               ("gilbench-e2e-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    path = (dir / "kv.db").string();
    std::string cmd = gilbench_bin() + " db init --db " + path + " > /dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("db init failed");
  });
  return path;
}

std::unique_ptr<Process> start_server(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {gilbench_bin(), "serve", "--port", "0", "--db", test_db()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Process::start(argv);
}

Conn::Conn(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed");
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

Conn::~Conn() { close(); }

void Conn::shutdown() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

void Conn::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool Conn::send(const std::string& raw) {
  std::size_t off = 0;
  while (off < raw.size()) {
    ssize_t n = ::send(fd_, raw.data() + off, raw.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

bool Conn::fill(SteadyClock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
  if (left.count() <= 0) return false;
  pollfd pf{fd_, POLLIN, 0};
  if (::poll(&pf, 1, static_cast<int>(left.count())) <= 0) return false;
  char buf[16384];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return false;
  buf_.append(buf, static_cast<std::size_t>(n));
  return true;
}

bool Conn::readable() {
  pollfd pf{fd_, POLLIN, 0};
  return !buf_.empty() || ::poll(&pf, 1, 0) > 0;
}

bool Conn::closed_by_peer(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    pollfd pf{fd_, POLLIN, 0};
    if (::poll(&pf, 1, 20) <= 0) continue;
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
  return false;
}

HttpResponse Conn::read(std::chrono::milliseconds timeout, bool head_request) {
  const auto deadline = SteadyClock::now() + timeout;
  HttpResponse r;
  std::size_t hdr_end;
  while ((hdr_end = buf_.find("\r\n\r\n")) == std::string::npos)
    if (!fill(deadline)) return r;
  std::istringstream head(buf_.substr(0, hdr_end));
  std::string line;
  std::getline(head, line);
  if (line.size() < 12) return r;
  int status = std::stoi(line.substr(9, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto c = line.find(':');
    if (c == std::string::npos) continue;
    std::string v = line.substr(c + 1);
    v.erase(0, v.find_first_not_of(' '));
    r.headers[lower(line.substr(0, c))] = v;
  }
  buf_.erase(0, hdr_end + 4);
  if (status == 100) return read(timeout, head_request);  // interim answer: the real one follows
  if (head_request) {
    r.status = status;
    return r;
  }
  if (lower(r.header("transfer-encoding")) == "chunked") {
    for (;;) {
      std::size_t eol;
      while ((eol = buf_.find("\r\n")) == std::string::npos)
        if (!fill(deadline)) return r;
      std::size_t len = std::stoul(buf_.substr(0, eol), nullptr, 16);
      while (buf_.size() < eol + 2 + len + 2)
        if (!fill(deadline)) return r;
      r.body += buf_.substr(eol + 2, len);
      buf_.erase(0, eol + 2 + len + 2);
      if (len == 0) break;
    }
  } else {
    std::size_t len = r.header("content-length").empty() ? 0 : std::stoul(r.header("content-length"));
    while (buf_.size() < len)
      if (!fill(deadline)) return r;
    r.body = buf_.substr(0, len);
    buf_.erase(0, len);
  }
  r.status = status;
  return r;
}

std::string score_request(const std::string& body, bool keep_alive) {
  return "POST /score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         std::string(keep_alive ? "" : "Connection: close\r\n") +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

HttpResponse post_score(int port, const std::string& body) {
  Conn c(port);
  c.send(score_request(body, false));
  return c.read();
}

HttpResponse get(int port, const std::string& path) {
  Conn c(port);
  c.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  return c.read();
}

}  // namespace gilbench::testing
