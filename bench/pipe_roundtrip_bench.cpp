// The anchor for the offload model's hand-off (docs/benchmarks.md, "offload
// model (issue 12)"): one request/answer round trip over two pipes between
// two processes, with exactly the bytes the offload model sends for the
// default cpu request (seed "gilbench") and answers (a 64-hex digest).
// Nothing else: no event loop, no HTTP, no work. offload's ipc_us adds to
// this the loop's epoll wake-up and Asio's completion path.
//   BM_RawPipeRoundTrip      blocking read()/write() on both sides
//   BM_RawPipeRoundTripPoll  the parent waits with poll() before reading,
//                            as an event loop must (one more syscall)
//   BM_RawPipeRoundTripIdle  blocking, but both processes sleep 200 µs
//                            between round trips (untimed), as a pool
//                            process does between HTTP requests at c=1
//                            when its client takes that long to send the
//                            next one: the wake-up of a sleeping process
// Time per iteration = one round trip; run with --benchmark_repetitions.
#include <benchmark/benchmark.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "models/offload/wire.h"

namespace {

using namespace gilbench::models::offload;

const std::string kDigest(64, 'a');

// A child that answers each request with a response of the offload size,
// until EOF. Returns the child's pid; req_w/resp_r are the parent's ends.
pid_t start_echo(int& req_w, int& resp_r) {
  int req[2], resp[2];
  if (::pipe(req) != 0 || ::pipe(resp) != 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(req[1]);
    ::close(resp[0]);
    const std::string answer = encode_response(200, kDigest, 1000);
    std::string body;
    for (;;) {
      RequestHeader h;
      if (!read_exact(req[0], &h, sizeof h)) break;
      body.resize(h.body_len);
      if (!read_exact(req[0], body.data(), body.size())) break;
      if (!write_all(resp[1], answer)) break;
    }
    ::_exit(0);
  }
  ::close(req[0]);
  ::close(resp[1]);
  req_w = req[1];
  resp_r = resp[0];
  return pid;
}

template <bool kPoll, bool kIdle = false>
void round_trips(benchmark::State& st) {
  int req_w = -1, resp_r = -1;
  pid_t child = start_echo(req_w, resp_r);
  if (child < 0) {
    st.SkipWithError("pipe/fork failed");
    return;
  }
  const std::string request = encode_request(R"({"mode":"cpu","iters":80000,"seed":"gilbench"})");
  const std::size_t answer_size = sizeof(ResponseHeader) + kDigest.size();
  std::string answer(answer_size, '\0');
  for (auto _ : st) {
    if constexpr (kIdle) {
      st.PauseTiming();
      ::usleep(200);
      st.ResumeTiming();
    }
    write_all(req_w, request);
    if constexpr (kPoll) {
      pollfd p{resp_r, POLLIN, 0};
      ::poll(&p, 1, -1);
    }
    read_exact(resp_r, answer.data(), answer.size());
  }
  ::close(req_w);
  ::close(resp_r);
  int status;
  ::waitpid(child, &status, 0);
  st.counters["request_bytes"] = static_cast<double>(request.size());
  st.counters["answer_bytes"] = static_cast<double>(answer_size);
}

void BM_RawPipeRoundTrip(benchmark::State& st) { round_trips<false>(st); }
void BM_RawPipeRoundTripPoll(benchmark::State& st) { round_trips<true>(st); }
void BM_RawPipeRoundTripIdle(benchmark::State& st) { round_trips<false, true>(st); }

BENCHMARK(BM_RawPipeRoundTrip)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_RawPipeRoundTripPoll)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_RawPipeRoundTripIdle)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
