// Per-request costs of the load generator's hot path outside the kernel:
// recording a latency and parsing one small keep-alive answer. Both must stay
// far below the ~5 µs a request costs end to end on 127.0.0.1.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "load/histogram.h"
#include "load/http_parser.h"

namespace {

void BM_HistogramRecord(benchmark::State& state) {
  gilbench::load::Histogram h;
  std::mt19937_64 rng(1);
  std::lognormal_distribution<double> dist(6.0, 1.5);
  std::vector<std::int64_t> values(4096);
  for (auto& v : values) v = static_cast<std::int64_t>(dist(rng));
  std::size_t i = 0;
  for (auto _ : state) {
    h.record(values[i++ & 4095]);
  }
  benchmark::DoNotOptimize(h.count());
}
BENCHMARK(BM_HistogramRecord);

void BM_HistogramP99(benchmark::State& state) {
  gilbench::load::Histogram h;
  for (std::int64_t v = 1; v < 1'000'000; v += 7) h.record(v);
  for (auto _ : state) benchmark::DoNotOptimize(h.percentile(99));
}
BENCHMARK(BM_HistogramP99);

void BM_ParseScoreResponse(benchmark::State& state) {
  const std::string body =
      R"({"mode":"noop","model":"threads","engine":"native","pid":1234,"queue_us":17,"service_us":3})";
  const std::string raw = "HTTP/1.1 200 OK\r\nServer: gilbench\r\nContent-Type: application/json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body;
  gilbench::load::ResponseParser p;
  for (auto _ : state) {
    p.reset();
    benchmark::DoNotOptimize(p.feed(raw.data(), raw.size()));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}
BENCHMARK(BM_ParseScoreResponse);

}  // namespace

BENCHMARK_MAIN();
