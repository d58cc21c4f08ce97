#include "sweep/target.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "results/file_write.h"
#include "sweep/proc_sampler.h"

namespace gilbench::sweep {

namespace {
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::string describe(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by signal ") + ::strsignal(WTERMSIG(status));
  return "stopped";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr const char* kTokenVar = "GILBENCH_TARGET_TOKEN=";

// This process's environment plus the target's token: built before fork,
// since the child of a threaded parent may only call async-signal-safe
// functions (no setenv).
std::vector<std::string> child_env(const std::string& token) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, kTokenVar, std::strlen(kTokenVar)) != 0) env.emplace_back(*e);
  if (!token.empty()) env.push_back(kTokenVar + token);
  return env;
}

[[noreturn]] void exec_child(const LaunchSpec& spec, int log_fd, pid_t parent, char* const* envp) {
  // A killed sweep must not leave its target serving (issue 14, item 7): the
  // target gets SIGTERM when the sweep dies (kept across exec), and exits
  // now if the sweep died before the prctl.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::_exit(1);
  // The sweep blocks SIGINT/SIGTERM to handle them on one thread; the mask
  // is inherited across exec, and a target must see SIGTERM.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  ::setpgid(0, 0);
  if (!spec.cpus.empty()) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int c : spec.cpus) CPU_SET(c, &set);
    ::sched_setaffinity(0, sizeof set, &set);
  }
  int devnull = ::open("/dev/null", O_RDONLY);
  ::dup2(devnull, 0);
  ::dup2(log_fd, 1);
  ::dup2(log_fd, 2);
  std::vector<char*> args;
  for (auto& a : spec.argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execve(args[0], args.data(), envp);
  std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
  ::_exit(127);
}
}  // namespace

std::string log_tail(const std::string& path) {
  // The last few lines: a traceback's last line names the error, the ones
  // before it say where.
  constexpr std::size_t kLines = 3;
  std::string text = read_file(path);
  std::vector<std::string> last;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    last.push_back(line.substr(line.find_first_not_of(" \t")));
    if (last.size() > kLines) last.erase(last.begin());
  }
  std::string out;
  for (auto& l : last) out += (out.empty() ? "" : " | ") + l;
  if (out.size() > 600) out = "..." + out.substr(out.size() - 600);
  return out;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  if (!port) throw TargetError("no free port on 127.0.0.1");
  return port;
}

HttpAnswer http_get(const std::string& ip, int port, const std::string& path, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  HttpAnswer out;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return out;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, ip.c_str(), &a.sin_addr) != 1) {
    ::close(fd);
    return out;
  }
  std::string buf;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + ip + "\r\nConnection: close\r\n\r\n";
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
      while (buf.size() < (1u << 22)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd pf{fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&pf, 1, static_cast<int>(left.count())) <= 0) break;
        char b[4096];
        ssize_t n = ::recv(fd, b, sizeof b, 0);
        if (n <= 0) break;
        buf.append(b, static_cast<std::size_t>(n));
      }
    }
  }
  ::close(fd);
  if (buf.size() >= 12 && buf.rfind("HTTP/1.", 0) == 0) out.status = std::atoi(buf.c_str() + 9);
  if (auto head_end = buf.find("\r\n\r\n"); head_end != std::string::npos) out.body = buf.substr(head_end + 4);
  return out;
}

int http_get_status(int port, const std::string& path, std::chrono::milliseconds timeout) {
  return http_get("127.0.0.1", port, path, timeout).status;
}

std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string d; std::getline(dirs, d, ':');)
    if (!d.empty() && ::access((d + "/" + name).c_str(), X_OK) == 0) return d + "/" + name;
  return "";
}

Target Target::start(const LaunchSpec& given) {
  if (given.argv.empty()) throw TargetError("empty command");
  LaunchSpec spec = given;
  spec.argv[0] = resolve_program(given.argv[0]);
  if (spec.argv[0].empty()) throw TargetError("cannot execute " + given.argv[0] + ": not found on PATH");
  if (::access(spec.argv[0].c_str(), X_OK) != 0)
    throw TargetError("cannot execute " + spec.argv[0] + ": " + std::strerror(errno));
  int log_fd = ::open(spec.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) throw TargetError("cannot write " + spec.log_path + ": " + std::strerror(errno));
  const std::string token =
      spec.pgid_file.empty() ? "" : std::to_string(::getpid()) + "-" + std::to_string(Clock::now().time_since_epoch().count());
  std::vector<std::string> env = child_env(token);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    throw TargetError(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) exec_child(spec, log_fd, parent, envp.data());
  ::close(log_fd);
  Target t;
  t.pid_ = pid;
  t.log_path_ = spec.log_path;
  t.port_ = spec.port;
  if (!spec.pgid_file.empty()) t.record_group(spec.pgid_file, token);

  const auto deadline = Clock::now() + spec.ready_timeout;
  static const std::regex port_re(R"(127\.0\.0\.1:(\d+))");
  auto fail = [&](const std::string& why) -> TargetError {
    t.stop(2s);
    return TargetError(why);
  };
  while (true) {
    if (auto r = t.exit_reason(); !r.empty()) throw fail("target " + r + " before it was ready");
    if (Clock::now() >= deadline)
      throw fail("target not healthy within " + std::to_string(spec.ready_timeout.count() / 1000.0).substr(0, 5) +
                 " s" + (t.port_ ? "" : " (never printed its port)") + "; last output: " + log_tail(t.log_path_));
    if (!t.port_) {
      std::smatch m;
      std::string text = read_file(t.log_path_);
      if (std::regex_search(text, m, port_re)) t.port_ = std::stoi(m[1]);
    }
    if (t.port_) {
      auto answer = http_get("127.0.0.1", t.port_, spec.health_path, 1s);
      if (answer.status == 200) {
        t.ready_body_ = std::move(answer.body);
        return t;
      }
    }
    std::this_thread::sleep_for(20ms);
  }
}

Target::Target(Target&& o) noexcept
    : pid_(o.pid_), port_(o.port_), log_path_(std::move(o.log_path_)), ready_body_(std::move(o.ready_body_)),
      status_(o.status_), reaped_(o.reaped_), pgid_file_(std::move(o.pgid_file_)), group_killed_(o.group_killed_) {
  o.pid_ = -1;
}

Target::~Target() {
  if (pid_ > 0 && !reaped_) {
    kill_tree();
    ::waitpid(pid_, &status_, 0);
    reaped_ = true;
  }
  kill_group_and_forget();
}

void Target::record_group(const std::string& file, const std::string& token) {
  // The child's pgid is its pid (it calls setpgid(0, 0) before exec).
  try {
    results::disk_writer().write(file, std::to_string(pid_) + " " + token + "\n", false);
  } catch (...) {
    stop(2s);
    throw;
  }
  pgid_file_ = file;
}

// The group outlives its leader while any member lives, and Linux does not
// reuse a number still in use as a process group, so the kill reaches only
// what the target started (unless it left the group on purpose).
void Target::kill_group_and_forget() {
  if (pid_ <= 0 || group_killed_) return;
  group_killed_ = true;
  ::kill(-pid_, SIGKILL);
  if (!pgid_file_.empty()) ::unlink(pgid_file_.c_str());
}

std::string Target::exit_reason() {
  if (pid_ <= 0) return "not started";
  if (!reaped_) {
    pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r != pid_) return "";
    reaped_ = true;
  }
  std::string tail = log_tail(log_path_);
  return describe(status_) + (tail.empty() ? "" : ": " + tail);
}

void Target::kill_tree() {
  if (pid_ <= 0 || reaped_) return;
  // Children first is not needed: SIGKILL cannot be handled, and the
  // list is taken before the parent dies and its children are re-parented.
  for (pid_t p : proc::process_tree(pid_)) ::kill(p, SIGKILL);
  ::kill(-pid_, SIGKILL);  // and what left the tree (a forking command's server)
}

std::string Target::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0 || reaped_) return "";
  // Remember the tree: once the root exits its children are re-parented and
  // could no longer be found from it.
  auto tree = proc::process_tree(pid_);
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + timeout;
  std::string what;
  while (Clock::now() < deadline) {
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
      reaped_ = true;
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  if (!reaped_) {
    for (pid_t p : proc::process_tree(pid_)) ::kill(p, SIGKILL);
    ::waitpid(pid_, &status_, 0);
    reaped_ = true;
    what = "did not exit within " + std::to_string(timeout.count()) + " ms of SIGTERM; killed";
  } else if (!(WIFEXITED(status_) && WEXITSTATUS(status_) == 0)) {
    what = describe(status_) + " on SIGTERM";
  }
  // Workers the root left behind (it should have stopped them) are killed
  // by PID; a PID reused since is unlikely within these milliseconds.
  for (pid_t p : tree)
    if (p != pid_ && proc::read_proc(p)) {
      ::kill(p, SIGKILL);
      if (what.empty()) what = "left worker processes behind; killed";
    }
  kill_group_and_forget();
  return what;
}

}  // namespace gilbench::sweep
