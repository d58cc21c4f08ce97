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
void serve_requests(engines::Worker& w, int req_fd, int resp_fd) {
  std::string seed;
  for (;;) {
    RequestHeader h;
    if (!read_exact(req_fd, &h, sizeof h) || h.seed_len > kMaxText) return;
    seed.resize(h.seed_len);
    if (!read_exact(req_fd, seed.data(), seed.size())) return;
    const auto t0 = std::chrono::steady_clock::now();
    int status = 200;
    std::string text;
    std::int64_t gil_ns = -1;
    try {
      api::Outcome o = run_cpu({.iters = h.iters, .seed = seed}, w);
      text = std::move(o.digest);
      if (o.gil_wait) gil_ns = o.gil_wait->count();
    } catch (const std::exception& e) {
      status = 500;
      text = e.what();
    }
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - t0).count();
    if (!write_all(resp_fd, encode_response(status, text, ns, gil_ns))) return;
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
  auto engine = engines::make_engine(cfg.engine, {cfg.db, cfg.switch_interval_ms});
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
    serve_requests(*worker, req[0], resp[1]);
    ::close(req[0]);
    ::close(resp[1]);
  }
  return 0;
}

}  // namespace gilbench::models::offload
