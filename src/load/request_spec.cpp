#include "load/request_spec.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "workloads/registry.h"

namespace gilbench::load {

namespace {

// log1p(x)/x and expm1(x)/x, continuous at 0.
double helper1(double x) { return std::abs(x) > 1e-8 ? std::log1p(x) / x : 1 - x / 2 + x * x / 3; }
double helper2(double x) { return std::abs(x) > 1e-8 ? std::expm1(x) / x : 1 + x / 2 + x * x / 6; }

}  // namespace

KeySampler::KeySampler(std::string dist, std::int64_t n, double s)
    : zipf_(dist == "zipf"), n_(n), s_(s) {
  if (dist != "zipf" && dist != "uniform") throw std::invalid_argument("key_dist must be uniform or zipf");
  if (n < 1) throw std::invalid_argument("key_space must be >= 1");
  if (zipf_) {
    if (!(s > 0)) throw std::invalid_argument("zipf exponent must be > 0");
    h_integral_x1_ = h_integral(1.5) - 1.0;
    h_integral_n_ = h_integral(static_cast<double>(n) + 0.5);
    threshold_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
  }
}

double KeySampler::h(double x) const { return std::exp(-s_ * std::log(x)); }

double KeySampler::h_integral(double x) const {
  const double log_x = std::log(x);
  return helper2((1.0 - s_) * log_x) * log_x;
}

double KeySampler::h_integral_inverse(double x) const {
  double t = x * (1.0 - s_);
  if (t < -1.0) t = -1.0;  // rounding guard, as in the reference algorithm
  return std::exp(helper1(t) * x);
}

std::int64_t KeySampler::operator()(std::mt19937_64& rng) const {
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  if (!zipf_) return std::uniform_int_distribution<std::int64_t>(0, n_ - 1)(rng);
  for (;;) {
    const double u = h_integral_n_ + u01(rng) * (h_integral_x1_ - h_integral_n_);
    const double x = h_integral_inverse(u);
    auto k = static_cast<std::int64_t>(x + 0.5);
    if (k < 1) k = 1;
    if (k > n_) k = n_;
    if (k - x <= threshold_ || u >= h_integral(k + 0.5) - h(static_cast<double>(k)))
      return k - 1;
  }
}

std::string make_body(const RequestSpec& spec, std::int64_t key_rank) {
  if (!spec.body.empty()) return spec.body;
  const auto* w = workloads::find(spec.mode);
  if (!w) throw std::invalid_argument(fmt::format("mode must be one of {}", workloads::names()));
  return w->body(spec.values, w->keyed() ? std::optional<std::int64_t>(key_rank) : std::nullopt);
}

RequestPool::RequestPool(const RequestSpec& spec, const Url& url, std::size_t io_pool_size) {
  const auto* workload = workloads::find(spec.mode);
  const bool io = spec.body.empty() && workload && workload->keyed();
  const std::size_t n = io ? std::max<std::size_t>(io_pool_size, 1) : 1;
  KeySampler keys(spec.key_dist, spec.key_space, spec.zipf_s);
  std::mt19937_64 rng(spec.rng_seed);
  const bool get = spec.method == "GET";
  std::vector<std::string> requests;
  requests.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string head = fmt::format("{} {} HTTP/1.1\r\nHost: {}:{}\r\n", spec.method, url.path,
                                   url.host, url.port);
    if (get) {
      requests.push_back(head + "\r\n");
      continue;
    }
    const std::string body = make_body(spec, io ? keys(rng) : 0);
    requests.push_back(head + fmt::format("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
                                          body.size(), body));
  }
  std::size_t total = 0;
  for (const auto& r : requests) total += r.size();
  storage_.reserve(total);
  for (const auto& r : requests) {
    spans_.emplace_back(storage_.size(), r.size());
    storage_ += r;
  }
}

}  // namespace gilbench::load
