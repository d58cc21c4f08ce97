// Requests prepared before the run, so the hot path only hands out views into
// one read-only buffer: no allocation or formatting per request. The pool is
// shared by all load threads.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "load/load.h"

namespace gilbench::load {

// Draws key ranks 0..n-1 (rank 0 = key k0). zipf: rank r+1 has weight
// 1/(r+1)^s, sampled by rejection-inversion (Hörmann & Derflinger), so memory
// does not grow with the key space.
class KeySampler {
 public:
  KeySampler(std::string dist, std::int64_t n, double s = 1.0);
  std::int64_t operator()(std::mt19937_64& rng) const;

 private:
  double h(double x) const;
  double h_integral(double x) const;
  double h_integral_inverse(double x) const;

  bool zipf_;
  std::int64_t n_;
  double s_;
  double h_integral_x1_ = 0, h_integral_n_ = 0, threshold_ = 0;
};

// The JSON body of one request of `spec` (key rank used by keyed workloads only).
std::string make_body(const RequestSpec& spec, std::int64_t key_rank);

class RequestPool {
 public:
  // Keyed (io) bodies differ by key, so they get `io_pool_size` requests
  // whose keys are drawn once from the key distribution; other workloads'
  // bodies and raw bodies are all identical and need one. Requests are used in turn, so an io run repeats
  // its key sequence every io_pool_size requests.
  static constexpr std::size_t kIoPoolSize = 8192;
  RequestPool(const RequestSpec& spec, const Url& url, std::size_t io_pool_size = kIoPoolSize);

  std::size_t size() const { return spans_.size(); }
  std::string_view at(std::size_t i) const {
    return {storage_.data() + spans_[i].first, spans_[i].second};
  }

 private:
  std::string storage_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
};

}  // namespace gilbench::load
