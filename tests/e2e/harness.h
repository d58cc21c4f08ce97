// End-to-end test harness: runs real binaries on 127.0.0.1 and talks raw
// HTTP/1.1 to them. Every server started here is stopped by its PID.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/python_ref.h"

namespace gilbench::testing {

using namespace std::chrono_literals;

struct HttpResponse {
  int status = 0;  // 0: no answer (connection closed or timed out)
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string header(const std::string& name) const;
};

// A child process whose stdout announces its port ("...127.0.0.1:<port>...").
class Process {
 public:
  // Starts argv[0] with the arguments; waits up to `ready_timeout` for the
  // first stdout line naming 127.0.0.1:<port>. Throws with the output so far.
  static std::unique_ptr<Process> start(const std::vector<std::string>& argv,
                                        std::chrono::milliseconds ready_timeout = 30s);
  ~Process();  // SIGKILL if still running

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The stdout line that named the port (serve's startup line).
  const std::string& announcement() const { return announcement_; }
  // Sends `sig`, waits up to `timeout`; returns the exit status, 128+signal
  // if killed by a signal, or -1 if it had to be killed after the timeout.
  int stop(int sig = 15, std::chrono::milliseconds timeout = 15s);
  bool running();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int out_fd_ = -1;
  std::string announcement_;
};

// `gilbench serve --port 0 --db <test store> <args>`.
std::unique_ptr<Process> start_server(const std::vector<std::string>& args);

// A store with the default 1000 keys, built once per test binary.
const std::string& test_db();
std::string gilbench_bin();
// Every registered model's name, in --model order (models/registry.h): the
// AllModels suites take it as their parameters, so a new model runs in all
// of them without a test edit.
std::vector<std::string> all_models();

// One client connection to 127.0.0.1:port.
class Conn {
 public:
  explicit Conn(int port);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  bool send(const std::string& raw);
  // Reads one whole response (Content-Length or chunked); `head`: the
  // answer to a HEAD request, which has no body whatever its headers say.
  HttpResponse read(std::chrono::milliseconds timeout = 20s, bool head = false);
  // True if an answer (or EOF) is waiting to be read now.
  bool readable();
  // True once the server has closed (EOF) within the timeout.
  bool closed_by_peer(std::chrono::milliseconds timeout = 5s);
  // Ends both directions but keeps the descriptor: a send() blocked in
  // another thread returns, and no other socket can reuse the number (as it
  // could after close(), which ThreadSanitizer rightly reports as a race).
  void shutdown();
  void close();

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buf_;
};

std::string score_request(const std::string& body, bool keep_alive = true);
HttpResponse post_score(int port, const std::string& body);
HttpResponse get(int port, const std::string& path);

}  // namespace gilbench::testing
