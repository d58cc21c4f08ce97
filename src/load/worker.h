// One load thread: an epoll loop over its share of the connections, with
// non-blocking sockets. Closed loop: each connection sends its next request as
// soon as the previous answer is in. Open loop: the thread owns a schedule of
// intended send times (its share of the total rate) and hands each due
// request to an idle connection; latency is measured from the intended time.
// After the window, the thread drains: it sends the window's backlog and
// waits for the window's answers until the drain deadline, then censors what
// is left (worker.cpp); the socket state machine is in worker_io.cpp.
#pragma once

#include <netinet/in.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "load/http_parser.h"
#include "load/load.h"
#include "load/request_log.h"
#include "load/request_spec.h"

namespace gilbench::load {

// Read-only for the run, plus the one shared counter of the -n budget.
struct RunShared {
  const RequestPool* pool = nullptr;
  sockaddr_in addr{};
  std::int64_t t0_ns = 0;             // schedule origin (steady clock, ns)
  std::int64_t measure_start_ns = 0;  // t0 + warm-up
  std::int64_t end_ns = 0;            // window end; 0: no time limit
  std::int64_t drain_end_ns = 0;      // end_ns + drain; answers are awaited until then
  std::int64_t timeout_ns = 0;
  std::int64_t spin_ns = 0;           // open loop: busy-poll this close to a due send
  bool limited = false;               // -n given
  bool log_requests = false;          // keep a RequestRecord per window request
  std::atomic<std::int64_t> budget{0};
  const std::atomic<bool>* stop = nullptr;
};

std::int64_t now_ns();
// Wall-clock time in Unix seconds (CLOCK_REALTIME), to align generators on several machines.
double unix_now();

class Worker {
 public:
  // rate_rps: this thread's share (0: closed loop); phase_ns offsets its
  // schedule so the threads' sends interleave instead of coinciding.
  Worker(RunShared& shared, int connections, double rate_rps, std::int64_t phase_ns,
         std::size_t first_request);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void run();
  // Valid after run(): this thread's part of the result.
  LoadResult& result() { return result_; }
  std::int64_t finished_ns() const { return finished_ns_; }
  double connection_ns() const { return open_area_; }
  // Requests written while the window was open whose intended time is in it.
  std::uint64_t sent_in_window() const { return sent_in_window_; }
  // This thread's CPU time over the window (to its end, or to the run's end
  // if sooner), minus the wall time spent busy-polling by choice (the spin
  // before a due send); and the wall time it covers.
  std::int64_t busy_cpu_ns() const { return cpu_ns_ - spin_wall_ns_; }
  std::int64_t cpu_wall_ns() const { return cpu_wall_ns_; }
  std::vector<RequestRecord>& records() { return records_; }

 private:
  enum class St { closed, connecting, idle, writing, reading, backoff };
  struct Conn {
    int fd = -1;
    St st = St::closed;
    bool queued_idle = false;
    bool in_window = false;
    std::int64_t intended = 0, sent = 0, deadline = 0, retry_at = 0, backoff = 0;
    std::int64_t idle_since = 0;  // when it last became free to send
    std::string_view req;
    std::size_t written = 0;
    std::unique_ptr<char[]> buf;
    std::size_t cap = 0, len = 0;
    ResponseParser parser;
  };
  struct Second {
    std::uint64_t requests = 0, ok = 0, errors = 0;
    double lat_sum = 0;
    std::int64_t lat_max = 0;
  };
  enum class Fail { connect, read, protocol, write, timeout };  // protocol: a read error too

  void start_connect(Conn& c, std::int64_t now);
  void start_connect_now(Conn& c, std::int64_t now);
  void on_connected(Conn& c, std::int64_t now);
  void on_event(Conn& c, std::uint32_t events);
  void on_readable(Conn& c);
  void on_writable(Conn& c);
  void on_response(Conn& c, std::int64_t now);
  void became_idle(Conn& c, std::int64_t now);
  bool try_issue_closed(Conn& c, std::int64_t now);
  void issue(Conn& c, std::int64_t intended, std::int64_t now);
  void fail(Conn& c, Fail why, std::int64_t now);
  void drop(Conn& c, std::int64_t now);  // close without error, reconnect
  void close_fd(Conn& c, std::int64_t now);
  void dispatch_open(std::int64_t now);
  void sweep(std::int64_t now);
  bool claim(std::int64_t intended);
  bool done(std::int64_t now);
  bool drained() const;
  bool in_timeline(std::int64_t now) const;  // inside the window, by completion time
  void record(const Conn& c, std::int64_t done, int outcome);
  void censor(std::int64_t intended, std::int64_t sent, std::int64_t deadline);
  void sample_cpu(std::int64_t now);
  std::int64_t intended_at(std::uint64_t k) const;
  void account_open(std::int64_t now);
  Second& second_of(std::int64_t now);
  void finish(std::int64_t now);

  RunShared& sh_;
  std::vector<Conn> conns_;
  // Free connections, oldest-free first, so the one taken tells when a
  // connection was first free for the request (the generator's own lag).
  std::deque<Conn*> idle_;
  int ep_ = -1;
  bool open_loop_;
  double interval_ns_ = 0;
  std::int64_t spin_ns_ = 0;  // sh_.spin_ns, capped at half the send interval
  std::int64_t phase_ns_;
  std::uint64_t next_k_ = 0;
  std::size_t next_request_;
  bool budget_spent_ = false;
  int open_ = 0;
  int in_flight_ = 0;
  int window_in_flight_ = 0;  // in flight and scheduled in the window
  std::uint64_t sent_in_window_ = 0;
  bool cpu_started_ = false, cpu_stopped_ = false;
  std::int64_t cpu_ns_ = 0;  // thread CPU over the window (negative while it runs)
  std::int64_t cpu_wall_ns_ = 0;
  std::int64_t spin_wall_ns_ = 0;
  std::vector<RequestRecord> records_;
  int reconnect_depth_ = 0;
  double open_area_ = 0;
  std::int64_t open_since_ = 0;
  std::int64_t last_progress_ = 0;
  std::int64_t finished_ns_ = 0;
  std::vector<Second> seconds_;
  LoadResult result_;
};

}  // namespace gilbench::load
