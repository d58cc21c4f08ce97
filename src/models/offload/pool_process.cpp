#include "models/offload/pool_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <stdexcept>

#include "engines/engine.h"
#include "models/handler.h"
#include "models/offload/control.h"
#include "models/offload/wire.h"

namespace gilbench::models::offload {

namespace {

// Serves requests until the loop closes the request pipe (EOF): the normal
// end, after the loop has drained its connections.
// A coroutine only so it can await handle(); it blocks this process on the
// pipe between requests.
boost::asio::awaitable<void> serve_requests(const api::Limits& limits, engines::Worker& w, int req_fd,
                                            int resp_fd) {
  BlockingWaiter waiter;
  Rng rng(0x5851f42d4c957f2dULL ^ static_cast<std::uint64_t>(::getpid()));
  std::string body;
  for (;;) {
    RequestHeader h;
    if (!read_exact(req_fd, &h, sizeof h) || h.body_len > kMaxText) co_return;
    body.resize(h.body_len);
    if (!read_exact(req_fd, body.data(), body.size())) co_return;
    // The loop sent a body it had parsed: it parses again the same way.
    auto parsed = workloads::parse_score(body, limits);
    Handled done;
    if (parsed.ok()) done = co_await handle(*parsed.request, w, waiter, rng, Clock::steady());
    else done.outcome = Outcome::failure(parsed.error);
    const Outcome& o = done.outcome;
    const std::string text = o.status == 200 ? o.fields : o.error.code + "\n" + o.error.detail;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(done.done - done.started).count();
    if (!write_all(resp_fd, encode_response(o.status, text, ns, o.gil_wait ? o.gil_wait->count() : -1)))
      co_return;
  }
}

}  // namespace

int pool_process_main(const ServeConfig& cfg, int slot, int ctl_fd, int ready_fd, pid_t parent) {
  // Dies with the fork server (which dies with the loop), so no pool process
  // outlives the server, however it ends.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) return 1;
  // SIGTERM/SIGINT sent to the whole process group must not cut short the
  // request being run: the loop drains first and then closes our pipe.
  ::signal(SIGTERM, SIG_IGN);
  ::signal(SIGINT, SIG_IGN);
  auto engine = engines::make_engine(cfg.engine, {cfg.db, cfg.engine_options});
  {
    auto worker = engine->make_worker();  // destroyed before its engine
    int req[2], resp[2];
    if (::pipe2(req, O_CLOEXEC) != 0 || ::pipe2(resp, O_CLOEXEC) != 0)
      throw std::runtime_error("offload: pipe failed");
    if (!announce(ctl_fd, {slot, static_cast<int>(::getpid())}, req[1], resp[0]))
      throw std::runtime_error("offload: cannot announce the pool process to the loop");
    // Only the loop may hold these ends, so our death is its EOF/EPIPE.
    ::close(req[1]);
    ::close(resp[0]);
    ::close(ctl_fd);
    (void)!::write(ready_fd, "\n", 1);
    ::close(ready_fd);
    run_to_end(serve_requests(cfg.server.limits, *worker, req[0], resp[1]));
    ::close(req[0]);
    ::close(resp[1]);
  }
  return 0;
}

}  // namespace gilbench::models::offload
