#include "load/find_rate.h"

#include "load/json_write.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <cmath>
#include <stdexcept>

namespace gilbench::load {

Slo parse_slo(const std::string& text) {
  auto bad = [&text](const std::string& why) {
    throw std::invalid_argument(fmt::format("bad SLO '{}': {} (expected e.g. p99=50ms, p99.9=500us)", text, why));
  };
  const auto eq = text.find('=');
  if (text.size() < 2 || text[0] != 'p' || eq == std::string::npos) bad("not of the form pQ=LIMIT");
  const std::string q = text.substr(1, eq - 1);
  const std::string limit = text.substr(eq + 1);
  if (q.empty() || q.find_first_not_of("0123456789.") != std::string::npos) bad("the quantile is not a number");
  Slo s;
  std::size_t used = 0;
  try {
    s.quantile = std::stod(q, &used);
  } catch (const std::exception&) {
    bad("the quantile is not a number");
  }
  if (used != q.size() || !(s.quantile > 0) || !(s.quantile < 100)) bad("the quantile must be in (0, 100)");
  double v = 0;
  try {
    v = std::stod(limit, &used);
  } catch (const std::exception&) {
    bad("the limit is not a number");
  }
  const std::string unit = limit.substr(used);
  double scale = 0;
  if (unit == "us") scale = 1;
  else if (unit == "ms") scale = 1e3;
  else if (unit == "s") scale = 1e6;
  else bad("the limit needs a unit: us, ms or s");
  if (!(v > 0) || !std::isfinite(v)) bad("the limit must be positive");
  s.limit_us = v * scale;
  if (s.limit_us > 60e6) bad("the limit must be <= 60 s");
  return s;
}

std::string to_string(const Slo& slo) {
  if (slo.limit_us >= 1e6 && std::fmod(slo.limit_us, 1e6) == 0)
    return fmt::format("p{}={}s", slo.quantile, slo.limit_us / 1e6);
  if (slo.limit_us >= 1e3 && std::fmod(slo.limit_us, 1e3) == 0)
    return fmt::format("p{}={}ms", slo.quantile, slo.limit_us / 1e3);
  return fmt::format("p{}={}us", slo.quantile, slo.limit_us);
}

namespace {

// Every reason a run fails, the objective first: a quantile above the
// limit (censored requests in it at their lower bound) fails the target
// whatever else went wrong, so it names the probe. A generator-bound or
// degraded run says nothing good about the target at that rate either.
// Returns (status, reason) pairs; empty if the run passes.
std::vector<std::pair<std::string, std::string>> failures(const LoadResult& r, const RateProbe& p, const Slo& slo,
                                                          const FindRateOptions& o) {
  std::vector<std::pair<std::string, std::string>> f;
  if (r.latency.count() > 0 && p.quantile_us > slo.limit_us)
    f.emplace_back("slo", fmt::format("p{} {:.0f} us > {:.0f} us", slo.quantile, p.quantile_us, slo.limit_us));
  if (r.gen.bound) f.emplace_back("generator_bound", r.gen.reason);
  if (r.latency.count() == 0) f.emplace_back("degraded", "no 2xx answer");
  else if (p.failure_share > o.max_failure_share)
    f.emplace_back("degraded", fmt::format("{:.1f}% failed or censored", 100 * p.failure_share));
  return f;
}

// The open-loop verdict of one run: its status is its first failure's,
// and its reason lists them all ("p99 ... > ...; degraded: ...").
RateProbe judge(const LoadResult& r, const Slo& slo, const FindRateOptions& o) {
  RateProbe p;
  p.rate_rps = r.config.rate_rps;
  p.loop = r.loop;
  p.quantile_us = static_cast<double>(r.latency.percentile(slo.quantile));
  p.failure_share = r.failure_share();
  p.achieved_rps = r.gen.achieved_rps;
  p.throughput_rps = r.throughput_rps();
  p.ok = r.ok;
  const auto f = failures(r, p, slo, o);
  p.status = f.empty() ? "pass" : f.front().first;
  for (std::size_t i = 0; i < f.size(); ++i)
    p.reason += (i ? "; " + f[i].first + ": " : "") + f[i].second;
  return p;
}

void print_probe(std::ostream* out, std::size_t i, const RateProbe& p, const Slo& slo) {
  if (!out) return;
  *out << fmt::format("probe {:>2}: {:>6} {:>10.1f} req/s  p{} {:>10.0f} us  fail {:>5.2f}%  -> {}{}\n", i + 1,
                      p.loop, p.loop == "closed" ? p.throughput_rps : p.rate_rps, slo.quantile, p.quantile_us,
                      100 * p.failure_share, p.status, p.reason.empty() ? "" : " (" + p.reason + ")");
  out->flush();
}

}  // namespace

FindRateResult find_rate(const LoadConfig& base, const Slo& slo, const FindRateOptions& o,
                         std::ostream* progress) {
  if (!(slo.quantile > 0 && slo.quantile < 100) || !(slo.limit_us > 0))
    throw std::invalid_argument("SLO: quantile must be in (0, 100) and the limit positive");
  if (!(o.probe_s > 0) || !(o.warmup_s >= 0)) throw std::invalid_argument("probe time must be positive");
  if (!(o.rate_lo >= 0) || !(o.rate_hi >= 0) || (o.rate_hi > 0 && o.rate_hi <= o.rate_lo))
    throw std::invalid_argument("need 0 <= rate-lo < rate-hi (0: search for them)");
  if (!(o.precision > 0) || o.max_probes < 2) throw std::invalid_argument("precision > 0 and max probes >= 2");
  LoadConfig cfg = base;
  cfg.duration_s = o.probe_s;
  cfg.warmup_s = o.warmup_s;
  cfg.max_requests = 0;
  // The drain of a plain run (2 s by default), or 1.5 x the limit if
  // longer: a drain of only 1.5 x the limit would leave the answers of a
  // target slower than the objective in flight at its end, and censor them
  // into a `degraded` verdict the target did not earn (the SLO verdict
  // already says it is too slow).
  cfg.drain_s = std::max(base.drain_s, 1.5 * slo.limit_us / 1e6);
  validate(cfg);
  const auto run = o.run ? o.run : [](const LoadConfig& c) { return run_load(c); };

  FindRateResult res;
  res.slo = slo;
  auto probe = [&](double rate) {
    LoadConfig c = cfg;
    c.rate_rps = rate;
    RateProbe p = judge(run(c), slo, o);
    if (rate == 0) {  // closed loop: only its throughput is used, not judged
      p.status = "start";
      p.reason.clear();
    }
    res.probes.push_back(p);
    print_probe(progress, res.probes.size() - 1, p, slo);
    return p.status == "pass";
  };
  auto budget_left = [&] { return static_cast<int>(res.probes.size()) < o.max_probes; };

  // Bracket: lo passed, hi failed. A given rate_hi is probed first: if it
  // passes, the capacity is at or above it and that is the answer.
  double lo = 0, hi = 0;
  if (o.rate_hi > 0) {
    if (probe(o.rate_hi)) {
      res.found = true;
      res.rate_rps = res.lo = o.rate_hi;
      res.note = "rate-hi passed: the capacity is at or above it";
      return res;
    }
    hi = o.rate_hi;
  }
  double start = o.rate_lo;
  if (start == 0) {
    probe(0);
    start = std::max(1.0, 0.5 * res.probes.back().throughput_rps);
    if (hi > 0) start = std::min(start, 0.5 * hi);
  }
  // Find a passing rate, halving down from the start.
  for (double r = start; budget_left(); r /= 2) {
    if (probe(r)) {
      lo = r;
      break;
    }
    hi = r;
    if (r < 1) break;
  }
  if (lo == 0) {
    res.note = "no rate passed";
    res.hi = hi;
    return res;
  }
  // Find a failing rate, doubling up.
  if (hi == 0) {
    for (double r = 2 * lo; budget_left(); r *= 2) {
      if (!probe(r)) {
        hi = r;
        break;
      }
      lo = r;
    }
  }
  if (hi == 0)
    res.note = fmt::format("probe budget spent before any rate failed: capacity is above {:.1f} req/s", lo);
  while (hi > 0 && (hi - lo) / lo > o.precision && budget_left()) {
    const double mid = 0.5 * (lo + hi);
    if (probe(mid)) lo = mid;
    else hi = mid;
  }
  if (hi > 0 && res.note.empty())
    res.note = (hi - lo) / lo <= o.precision
                   ? fmt::format("bracket within {:.1f}%", 100 * o.precision)
                   : "probe budget spent before the bracket narrowed to the precision";
  res.found = true;
  res.rate_rps = lo;
  res.lo = lo;
  res.hi = hi;
  return res;
}

void write_find_rate_table(std::ostream& out, const FindRateResult& r) {
  out << fmt::format("Highest open-loop rate meeting {} (neither degraded nor generator-bound)\n",
                     to_string(r.slo));
  out << fmt::format("  {:>5}  {:>6}  {:>12}  {:>12}  {:>8}  {}\n", "probe", "loop", "rate_rps",
                     fmt::format("p{}_us", r.slo.quantile), "fail_%", "status");
  for (std::size_t i = 0; i < r.probes.size(); ++i) {
    const auto& p = r.probes[i];
    out << fmt::format("  {:>5}  {:>6}  {:>12.1f}  {:>12.0f}  {:>8.2f}  {}{}\n", i + 1, p.loop,
                       p.loop == "closed" ? p.throughput_rps : p.rate_rps, p.quantile_us, 100 * p.failure_share,
                       p.status, p.reason.empty() ? "" : " (" + p.reason + ")");
  }
  if (r.found)
    out << fmt::format("Result: {:.1f} req/s (failing at {}; {})\n", r.rate_rps,
                       r.hi > 0 ? fmt::format("{:.1f} req/s", r.hi) : std::string("no rate tried"), r.note);
  else
    out << fmt::format("Result: none ({})\n", r.note);
}

void write_find_rate_json(std::ostream& out, const FindRateResult& r) {
  boost::json::object o;
  o["slo"] = to_string(r.slo);
  o["quantile"] = r.slo.quantile;
  o["limit_us"] = r.slo.limit_us;
  o["found"] = r.found;
  o["rate_rps"] = r.rate_rps;
  o["lo_rps"] = r.lo;
  o["hi_rps"] = r.hi;
  o["note"] = r.note;
  boost::json::array probes;
  for (const auto& p : r.probes) {
    boost::json::object j;
    j["loop"] = p.loop;
    j["rate_rps"] = p.rate_rps;
    j["quantile_us"] = p.quantile_us;
    j["failure_share"] = p.failure_share;
    j["achieved_rps"] = p.achieved_rps;
    j["throughput_rps"] = p.throughput_rps;
    j["status"] = p.status;
    j["reason"] = p.reason;
    probes.push_back(std::move(j));
  }
  o["probes"] = std::move(probes);
  write_json_value(out, o);
  out << "\n";
}

}  // namespace gilbench::load
