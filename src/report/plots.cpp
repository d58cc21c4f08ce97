#include "report/plots.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "report/figures.h"
#include "report/marks.h"
#include "report/palette.h"
#include "report/sections.h"

namespace gilbench::report {

namespace fs = std::filesystem;

namespace {
struct Series {
  std::string title, style;
  std::vector<const Point*> pts;
  std::vector<bool> flagged;  // per point: a repetition was not clean
};

// Series of one workload and loop, in a stable order (gilbench first).
std::vector<Series> series_for(const Results& res, const std::string& wl, const std::string& loop) {
  std::map<std::pair<bool, std::string>, Series> by;
  for (auto& p : res.points) {
    if (p.workload != wl || p.loop != loop || p.ok_reps == 0) continue;
    auto& s = by[{p.is_peer(), p.series}];
    s.title = p.series;
    s.style = series_style(p);
    s.pts.push_back(&p);
    s.flagged.push_back(flagged(p));
  }
  std::vector<Series> out;
  for (auto& [k, s] : by) out.push_back(std::move(s));
  return out;
}

// Metric columns of a workload's data file: median, min, max each, then the
// flag (1 = a repetition was not clean), speedup and efficiency.
const std::vector<std::string> kMetrics = {"throughput_rps", "lat_p50_us", "lat_p95_us", "lat_p99_us",
                                           "queue_p50_us",   "service_p50_us", "cpu_util", "ctx_per_req"};
int col(const std::string& m) {
  for (std::size_t i = 0; i < kMetrics.size(); ++i)
    if (kMetrics[i] == m) return static_cast<int>(2 + 3 * i);
  return 2;
}
const int kFlagCol = static_cast<int>(2 + 3 * kMetrics.size()), kSpeedupCol = kFlagCol + 1, kEffCol = kFlagCol + 2;

// Blocks separated by two blank lines = gnuplot indexes, one per series.
// Speedup is throughput over the series' own throughput at its lowest level
// (c=1 in closed loop), efficiency is speedup over the level's multiple.
void write_data(const std::string& path, const std::vector<Series>& ss) {
  std::ofstream out(path);
  for (auto& s : ss) {
    out << "# " << s.title << "\n";
    double x0 = s.pts.front()->x, t0 = s.pts.front()->get("throughput_rps").value_or(0);
    for (std::size_t i = 0; i < s.pts.size(); ++i) {
      const Point* p = s.pts[i];
      const int flag = s.flagged[i] ? 1 : 0;
      out << p->x;
      for (auto& m : kMetrics) {
        auto it = p->m.find(m);
        if (it == p->m.end() || it->second.n == 0) out << " NaN NaN NaN";
        else out << fmt::format(" {} {} {}", it->second.median, it->second.min, it->second.max);
      }
      auto t = p->get("throughput_rps");
      if (t && t0 > 0 && x0 > 0) out << fmt::format(" {} {} {}", flag, *t / t0, *t / t0 / (p->x / x0));
      else out << fmt::format(" {} NaN NaN", flag);
      out << "\n";
    }
    out << "\n\n";
  }
}

bool any_flagged(const std::vector<Series>& ss) {
  for (auto& s : ss)
    for (bool f : s.flagged)
      if (f) return true;
  return false;
}

// `plot` clause: one line per series using column `c` (times `scale`) of
// each block, plus black marks on points with unclean repetitions.
std::string lines(const std::string& data, const std::vector<Series>& ss, int c, double scale = 1) {
  std::string s;
  // Non-positive values are left undefined: they cannot sit on a log axis.
  for (std::size_t i = 0; i < ss.size(); ++i)
    s += fmt::format("{}{} index {} using 1:(${}>0?${}*{}:NaN) with linespoints {} title {}", i ? ", \\\n  " : "",
                     gp_quote(data), i, c, c, scale, ss[i].style, gp_quote(ss[i].title));
  if (any_flagged(ss))
    for (std::size_t i = 0; i < ss.size(); ++i)
      s += fmt::format(", \\\n  {} index {} using 1:(${}>0&&${}>0?${}*{}:NaN) with points {} {}", gp_quote(data), i,
                       kFlagCol, c, c, scale, kFlagStyle, i ? "notitle" : "title 'degraded / failed reps'");
  return s + "\n";
}

std::string x_axis(const std::string& loop) {
  return loop == "open" ? "set xlabel 'offered rate (req/s)'\nset logscale x 2\n"
                        : "set xlabel 'concurrency (client connections)'\nset logscale x 2\n";
}

// Log scale on y when the values span more than a decade and a half, so a
// python series is not flattened beside a native one.
std::string y_scale(const std::vector<Series>& ss, const std::string& metric) {
  double lo = 0, hi = 0;
  for (auto& s : ss)
    for (auto* p : s.pts)
      if (auto v = p->get(metric); v && *v > 0) {
        lo = lo == 0 ? *v : std::min(lo, *v);
        hi = std::max(hi, *v);
      }
  return lo > 0 && hi / lo > 30 ? "set logscale y\n" : "set yrange [0:*]\n";
}

void workload_plots(const Results& res, const std::string& wl, const std::string& loop, const std::string& dir,
                    const std::function<void(const std::string&, const std::string&, const std::string&, int, int)>& add) {
  auto ss = series_for(res, wl, loop);
  if (ss.empty()) return;
  const std::string stem = workload_stem(wl, loop), data = dir + "/" + stem + ".dat";
  write_data(data, ss);
  add("throughput-" + stem, "Throughput (2xx answers per second) against concurrency: " + wl,
      x_axis(loop) + y_scale(ss, "throughput_rps") + "set ylabel 'throughput (req/s, 2xx only)'\nset title " +
          gp_quote("throughput, " + wl + " (median over repetitions)") + "\nplot " + lines(data, ss, col("throughput_rps")),
      900, 480);
  // Scaling is over concurrency: in the open loop the offered rate, not the
  // server, sets the throughput, so there is nothing to normalise.
  if (loop == "closed") {
    double x0 = ss.front().pts.front()->x;
    for (auto& se : ss) x0 = std::min(x0, se.pts.front()->x);
    const std::string base = fmt::format("c={:g}", x0);
    add("scaling-" + stem, "Scaling, each series against itself at its lowest level (" + base + "): speedup and efficiency: " + wl,
        "set multiplot layout 1,2 title " + gp_quote("scaling, " + wl + " (1 = the series at " + base + ")") + "\n" +
            x_axis(loop) + "set key off\nset ylabel " + gp_quote("speedup over " + base) +
            "\nset logscale y 2\nset title 'speedup (dashed grey: ideal)'\n" +
            fmt::format("plot x/{} {} notitle, ", x0, kIdealStyle) + lines(data, ss, kSpeedupCol) +
            "unset logscale y\nset yrange [0:1.2]\nset key outside right top vertical font ',8'\nset ylabel 'efficiency "
            "(speedup / level multiple)'\nset title 'efficiency'\nplot " + lines(data, ss, kEffCol) + "unset multiplot\n",
        1300, 480);
  }
  std::string lat = "set multiplot layout 1,3 title " + gp_quote("latency, " + wl + " (ms, log scale)") + "\n" +
                    x_axis(loop) + "set logscale y\nset ylabel 'latency (ms)'\nset key off\n";
  for (auto [m, t] : {std::pair{"lat_p50_us", "p50"}, std::pair{"lat_p95_us", "p95"}, std::pair{"lat_p99_us", "p99"}}) {
    if (std::string(t) == "p99") lat += "set key outside right top vertical font ',8'\n";
    lat += fmt::format("set title '{}'\nplot ", t) + lines(data, ss, col(m), 1e-3);
  }
  add("latency-" + stem, "Latency p50 / p95 / p99 in ms against concurrency: " + wl, lat + "unset multiplot\n", 1400, 480);
  auto positive = [&](const char* m) {
    for (auto& se : ss)
      for (auto* p : se.pts)
        if (p->get(m).value_or(0) > 0) return true;
    return false;
  };
  if (positive("queue_p50_us") && positive("service_p50_us"))
    add("queue-service-" + stem, "Server queue wait against service time (p50, ms): " + wl,
        "set multiplot layout 1,2 title " + gp_quote("where the time goes, " + wl) + "\n" + x_axis(loop) +
            "set logscale y\nset ylabel 'time (ms)'\nset key off\nset title 'queue wait p50 (queue_us)'\nplot " +
            lines(data, ss, col("queue_p50_us"), 1e-3) +
            "set key outside right top vertical font ',8'\nset title 'service time p50 (service_us)'\nplot " +
            lines(data, ss, col("service_p50_us"), 1e-3) + "unset multiplot\n",
        1200, 480);
  std::string ctx;
  for (std::size_t i = 0; i < ss.size(); ++i)
    ctx += fmt::format("{}{} index {} using 1:{} with linespoints {} title {}", i ? ", \\\n  " : "",
                       gp_quote(data), i, col("ctx_per_req"), ss[i].style, gp_quote(ss[i].title));
  add("cpu-" + stem, "CPU use and context switches per request: " + wl,
      "set multiplot layout 1,2 title " + gp_quote("CPU, " + wl) + "\n" + x_axis(loop) +
          "set key off\nset ylabel 'CPU (cores, user+sys of the whole tree)'\nset yrange [0:*]\nset title 'CPU use'\nplot " +
          lines(data, ss, col("cpu_util")) +
          "set key outside right top vertical font ',8'\nset logscale y\nset yrange [*:*]\nset ylabel 'context switches "
          "per request'\nset title 'context switches (voluntary + involuntary)'\nplot " + ctx + "\nunset multiplot\n",
      1200, 480);
  // Spectrum at the highest level each series reached.
  std::string spec;
  int n = 0;
  for (auto& s : ss) {
    const Point* top = s.pts.back();
    std::string f = top->cell_dir + "/spectrum.csv";
    if (top->cell_dir.empty() || !fs::exists(f)) continue;
    spec += fmt::format("{}{} using (1/(1-$1/100.0)):($2/1000) every ::1 with linespoints {} ps 0.6 title {}",
                        n++ ? ", \\\n  " : "", gp_quote(f), s.style, gp_quote(fmt::format("{} (x={})", s.title, top->x)));
  }
  if (n)
    add("spectrum-" + stem, "Latency percentile spectrum (ms) at the highest concurrency: " + wl,
        "set datafile separator ','\nset logscale x\nset logscale y\nset xrange [1:100000]\n"
        "set xtics ('0%%' 1, '50%%' 2, '90%%' 10, '99%%' 100, '99.9%%' 1000, '99.99%%' 10000, '99.999%%' 100000)\n"
        "set xlabel 'percentile'\nset ylabel 'latency (ms)'\nset title " + gp_quote("latency spectrum, " + wl) +
            "\nplot " + spec + "\n",
        900, 480);
}

// Peak PSS as bars in the model's colour, RSS as a mark on each bar.
std::string memory_plot(const Results& res, const std::string& dir) {
  std::map<std::pair<bool, std::string>, std::tuple<std::string, std::vector<double>, std::vector<double>>> mem;
  for (auto& p : res.points) {
    auto pss_kb = p.get("pss_kb"), rss_kb = p.get("rss_kb");
    if (!pss_kb && !rss_kb) continue;
    auto& [model, pss, rss] = mem[{p.is_peer(), p.series}];
    model = p.model;
    if (pss_kb) pss.push_back(*pss_kb / 1024);
    if (rss_kb) rss.push_back(*rss_kb / 1024);
  }
  if (mem.empty()) return "";
  const std::string data = dir + "/memory.dat";
  std::ofstream out(data);
  out << "# series pss_mib rss_mib colour\n";
  for (auto& [k, v] : mem) {
    auto& [model, pss, rss] = v;
    auto med = [](const std::vector<double>& x) { return x.empty() ? std::string("NaN") : fmt::format("{}", stat_of(x).median); };
    out << fmt::format("\"{}\" {} {} {}\n", gp_label(k.second), med(pss), med(rss), std::stoul(model_colour(model).substr(1), nullptr, 16));
  }
  return "set boxwidth 0.6\nset style fill solid 0.85 border -1\nset ylabel 'memory (MiB)'\nset yrange [0:*]\n"
         "set xtics rotate by 30 right font ',8'\nset key inside left top\nset xrange [-0.6:*]\n"
         "set title 'peak memory of the target (median over its cells); bar: PSS, cross: RSS'\nplot " +
         gp_quote(data) + " using 0:2:4:xtic(1) with boxes lc rgb variable notitle, '' using 0:3 with points lc rgb "
         "'#000000' pt 2 ps 1.2 title 'RSS'\n";
}

std::string pool_plot(const Results& res, const std::string& dir) {
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<double, double>>> by;
  for (auto& r : res.pool) {
    auto g = [&](const char* k) { auto it = r.find(k); return it == r.end() ? std::string() : it->second; };
    auto w = results::number(r, "workers"), t = results::number(r, "throughput_tps");
    if (results::status(r) != results::Status::ok || !w || !t) continue;
    by[{g("kind"), g("engine")}].push_back({*w, *t});
  }
  if (by.empty()) return "";
  const std::string data = dir + "/pool.dat";
  std::ofstream out(data);
  std::string plot;
  int i = 0;
  for (auto& [k, v] : by) {
    std::sort(v.begin(), v.end());
    out << "# " << k.first << "/" << k.second << "\n";
    for (auto& [w, t] : v) out << w << " " << t << "\n";
    out << "\n\n";
    plot += fmt::format("{}{} index {} using 1:2 with linespoints {} title {}", i ? ", " : "", gp_quote(data), i,
                        gnuplot_style(k.first, k.second, false), gp_quote(k.first + "/" + k.second));
    ++i;
  }
  return "set logscale x 2\nset logscale y\nset xlabel 'workers'\nset ylabel 'throughput (tasks/s)'\n"
         "set title 'gilbench pool: tasks per second'\nplot " + plot + "\n";
}
}  // namespace

std::string slug(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.') o += c;
    else if (!o.empty() && o.back() != '-') o += '-';
  }
  while (!o.empty() && o.back() == '-') o.pop_back();
  return o;
}

std::string workload_stem(const std::string& workload, const std::string& loop) {
  return slug(workload) + (loop == "open" ? "-open" : "");
}

std::string series_style(const Point& p) { return gnuplot_style(p.model, p.engine, p.target != "gilbench"); }

const Plot* find_plot(const std::vector<Plot>& plots, const std::string& name) {
  for (auto& p : plots)
    if (p.name == name && p.ok) return &p;
  return nullptr;
}

std::vector<Plot> make_plots(const Results& res, const std::string& out_dir, bool pdf, std::vector<std::string>& warnings) {
  const std::string dir = out_dir + "/plots";
  fs::create_directories(dir);
  std::vector<Plot> plots;
  auto add = [&](const std::string& name, const std::string& title, const std::string& body, int w, int h) {
    plots.push_back(render_plot(dir, name, title, body, w, h, pdf, warnings));
  };
  for (auto& f : summary_figures(res, dir)) add(f.name, f.title, f.body, f.w, f.h);
  std::set<std::pair<std::string, std::string>> wls;
  for (auto& p : res.points)
    if (p.ok_reps) wls.insert({p.workload, p.loop});
  for (auto& [wl, loop] : wls) workload_plots(res, wl, loop, dir, add);
  if (auto body = memory_plot(res, dir); !body.empty())
    add("memory", "Memory per series: median peak PSS (bar) and RSS (cross) of the whole process tree", body, 1000, 520);
  if (auto body = pool_plot(res, dir); !body.empty())
    add("pool", "In-process pool (no HTTP): throughput against workers", body, 900, 480);
  return plots;
}

}  // namespace gilbench::report
