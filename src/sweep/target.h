// Starts a target (a gilbench server, a peer, or any command) as a child
// process on 127.0.0.1, waits until it is healthy, and stops it by PID.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace gilbench::sweep {

// The target could not be started or never became healthy; what() is the
// reason recorded in the failed cell's row.
class TargetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LaunchSpec {
  std::vector<std::string> argv;   // argv[0] is a path (no PATH lookup)
  std::string log_path;            // the child's stdout and stderr go here
  std::vector<int> cpus;           // sched_setaffinity of the child; empty = any
  int port = 0;                    // 0: parse "127.0.0.1:<port>" from its output
  std::string health_path = "/healthz";
  std::chrono::milliseconds ready_timeout{30000};
  // When set, "<pgid> <token>" is written here while the target runs, and
  // the target and everything it starts carry GILBENCH_TARGET_TOKEN=<token>
  // in their environment: a sweep killed with -9 cannot stop a target that
  // forked (its children outlive the parent-death signal), so the next
  // sweep of the directory finds them by it (stop_leftovers).
  std::string pgid_file;
};

class Target {
 public:
  // Forks and execs; returns once GET health_path answers 200. The child gets
  // its own process group so a terminal's Ctrl-C reaches only the sweep,
  // which then stops the child itself. Throws TargetError (child stopped).
  static Target start(const LaunchSpec& spec);

  Target(Target&& o) noexcept;
  Target& operator=(Target&&) = delete;
  ~Target();  // kills the tree if still running

  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  // The body of the ready path's 200 answer (a peer's /healthz names its loop and parser).
  const std::string& ready_body() const { return ready_body_; }
  // Empty while running; else how it ended ("exited with status 1: <log tail>").
  std::string exit_reason();
  // SIGTERM, then SIGKILL to every process of the tree after `timeout`;
  // then SIGKILL to whatever is left in its process group (a forking
  // command's server), and the pgid file is removed.
  // Returns "" on a clean stop, else what happened (for the log).
  std::string stop(std::chrono::milliseconds timeout);
  // SIGKILL to the whole tree and process group now; safe to call from
  // another thread.
  void kill_tree();

 private:
  Target() = default;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
  std::string ready_body_;
  int status_ = 0;
  bool reaped_ = false;
  std::string pgid_file_;
  bool group_killed_ = false;
  // Writes "<pgid> <token>" to `file` (LaunchSpec::pgid_file); a failed
  // write stops the target and throws results::WriteError.
  void record_group(const std::string& file, const std::string& token);
  void kill_group_and_forget();
};

// What a killed sweep left running: reads a LaunchSpec::pgid_file, SIGKILLs
// every process of that process group whose environment carries its token
// (a process group number reused since by someone else is left alone),
// waits up to 2 s for them to go, and removes the file. Returns how many
// were killed (0 if there is no file).
int stop_leftovers(const std::string& pgid_file);

// The last 3 non-empty lines of a file joined by " | " (at most 600 bytes), for error rows.
std::string log_tail(const std::string& path);
// A port that was free a moment ago on 127.0.0.1 (for targets that need one).
int free_port();
struct HttpAnswer {
  int status = 0;  // 0: no answer in time
  std::string body;
};
// GET http://ip:port/path with Connection: close, read to EOF (4 MiB at most).
HttpAnswer http_get(const std::string& ip, int port, const std::string& path, std::chrono::milliseconds timeout);
// GET http://127.0.0.1:port/path; the status, or 0 on no answer in `timeout`.
int http_get_status(int port, const std::string& path, std::chrono::milliseconds timeout);
// argv[0] as given when it has a slash, else its first match on PATH ("" if none).
std::string resolve_program(const std::string& name);

}  // namespace gilbench::sweep
