#include "report/figures.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "report/gnuplot.h"
#include "report/marks.h"
#include "report/palette.h"
#include "report/sections.h"
#include "results/csv.h"
#include "results/layout.h"

namespace gilbench::report {

namespace fs = std::filesystem;

namespace {
// The three series the GIL figure compares, in legend order.
using results::Engine;
using results::Model;
const std::vector<std::pair<Model, Engine>> kGilSeries = {
    {Model::threads, Engine::python}, {Model::threads, Engine::native}, {Model::procs, Engine::python}};

bool is_series(const Point& p, Model model, Engine engine) {
  return results::names(p.model, model) && results::names(p.engine, engine);
}
Curve curve_of(Model model, Engine engine) {
  return {fmt::format("{}/{}", model, engine), std::string(to_string(model)), std::string(to_string(engine)), {}};
}

void normalise(Curve& c) {
  std::sort(c.pts.begin(), c.pts.end(), [](auto& a, auto& b) { return a.x < b.x; });
  if (c.pts.empty() || c.pts.front().throughput <= 0) return;
  for (auto& p : c.pts) p.speedup = p.throughput / c.pts.front().throughput;
}

bool gil_point(const Point& p) {
  return p.target == "gilbench" && p.kind == workloads::Kind::cpu && p.loop == "closed" && p.ok_reps > 0;
}

// cpu workloads, largest task first (the GIL shows best where work dominates).
std::vector<std::pair<double, std::string>> cpu_workloads(const Results& res) {
  std::set<std::pair<double, std::string>> s;
  for (auto& p : res.points)
    if (gil_point(p)) s.insert({-p.iters, p.workload});
  return {s.begin(), s.end()};
}

// A series label without its worker count: "threads/python w4 si=1ms" ->
// "threads/python si=1ms", the configuration a worker sweep varies within.
std::string family_of(const std::string& series) {
  static const std::regex workers(R"( w[0-9]+\b)");
  return std::regex_replace(series, workers, "");
}

// Each series' peak throughput over concurrency, at each worker count, for
// the default configuration (the shortest label: a non-default setting
// lengthens it) of each model and engine.
std::optional<GilData> from_workers(const Results& res, const std::string& wl) {
  {
    GilData g{"workers", wl, "workers", {}, 0};
    for (auto& [model, engine] : kGilSeries) {
      std::string family;
      for (auto& p : res.points)
        if (gil_point(p) && p.workload == wl && is_series(p, model, engine) &&
            (family.empty() || family_of(p.series).size() < family.size()))
          family = family_of(p.series);
      std::map<int, CurvePoint> best;
      for (auto& p : res.points) {
        if (!gil_point(p) || p.workload != wl || !is_series(p, model, engine) || family_of(p.series) != family)
          continue;
        auto t = p.get("throughput_rps").value_or(0);
        auto& b = best[p.workers];
        if (t > b.throughput) b = {static_cast<double>(p.workers), 0, t, flagged(p)};
      }
      if (best.size() < 2) continue;
      Curve c = curve_of(model, engine);
      for (auto& [w, pt] : best) c.pts.push_back(pt);
      normalise(c);
      g.curves.push_back(std::move(c));
    }
    if (g.curves.size() >= 2) return g;
  }
  return std::nullopt;
}

std::optional<GilData> from_pool(const Results& res) {
  std::map<std::pair<Model, Engine>, Curve> by;
  std::string wl;
  for (auto& r : res.pool) {
    auto g = [&](const char* k) { auto it = r.find(k); return it == r.end() ? std::string() : it->second; };
    auto kind = results::value<Model>(r, "kind");
    auto engine = results::value<Engine>(r, "engine");
    if (results::status(r) != results::Status::ok || !kind || !engine) continue;
    auto [it, fresh] = by.try_emplace({*kind, *engine}, curve_of(*kind, *engine));
    auto& c = it->second;
    if (fresh) c.label += " (pool)";
    auto w = results::number(r, "workers"), t = results::number(r, "throughput_tps");
    if (!w || !t) continue;
    c.pts.push_back({*w, 0, *t, false});
    if (wl.empty()) wl = workload_of(r);
  }
  GilData g{"pool", wl, "workers (in-process pool, no HTTP)", {}, 0};
  for (auto& key : kGilSeries)
    if (auto it = by.find(key); it != by.end() && it->second.pts.size() >= 2) {
      normalise(it->second);
      g.curves.push_back(it->second);
    }
  if (g.curves.size() >= 2) return g;
  return std::nullopt;
}

std::optional<GilData> from_concurrency(const Results& res, const std::string& wl) {
  {
    GilData g{"concurrency", wl, "concurrency (client connections)", {}, 0};
    for (auto& [model, engine] : kGilSeries) {
      Curve c = curve_of(model, engine);
      for (auto& p : res.points) {
        if (!gil_point(p) || p.workload != wl || !is_series(p, model, engine)) continue;
        if (!c.pts.empty() && c.label != p.series) continue;  // one worker configuration per model/engine
        c.label = p.series;
        c.pts.push_back({p.x, 0, p.get("throughput_rps").value_or(0), flagged(p)});
      }
      if (c.pts.size() < 2) continue;
      normalise(c);
      g.curves.push_back(std::move(c));
    }
    if (g.curves.size() >= 2) return g;
  }
  return std::nullopt;
}

std::string write_curves(const std::string& path, const GilData& g) {
  std::ofstream out(path);
  for (auto& c : g.curves) {
    out << "# " << c.label << ": x speedup throughput flagged\n";
    for (auto& p : c.pts) out << fmt::format("{} {} {} {}\n", p.x, p.speedup, p.throughput, p.flagged ? 1 : 0);
    out << "\n\n";
  }
  return path;
}

// `plot` arguments of the GIL panel: the ideal line, the cores line, curves.
std::string gil_plot(const GilData& g, const std::string& data) {
  // Each curve is relative to its first point; the ideal grows from the
  // smallest of those (1 worker or c=1 where measured).
  double x0 = g.curves.front().pts.front().x, xmax = x0;
  for (auto& c : g.curves) x0 = std::min(x0, c.pts.front().x), xmax = std::max(xmax, c.pts.back().x);
  std::string s = fmt::format("set xrange [{}:{}]\nset yrange [0:{}]\nset xlabel {}\nset ylabel {}\n{}", x0, xmax * 1.05,
                              xmax / x0 * 1.1, gp_quote(g.xlabel), gp_quote(fmt::format("speedup over {:g}", x0)),
                              xmax / x0 >= 8 ? "set logscale x 2\n" : "");
  s += fmt::format("plot x/{} {} title 'ideal'", x0, kIdealStyle);
  if (g.cores > 0) s += fmt::format(", {} lc rgb '#999999' dt 3 title {}", g.cores, gp_quote(fmt::format("{:g} cores", g.cores)));
  bool any_flag = false;
  for (std::size_t i = 0; i < g.curves.size(); ++i) {
    auto& c = g.curves[i];
    s += fmt::format(", \\\n  {} index {} using 1:2 with linespoints {} title {}", gp_quote(data), i,
                     gnuplot_style(c.model, c.engine, false), gp_quote(c.label));
    for (auto& p : c.pts) any_flag = any_flag || p.flagged;
  }
  if (any_flag)
    for (std::size_t i = 0; i < g.curves.size(); ++i)
      s += fmt::format(", \\\n  {} index {} using 1:($4>0?$2:NaN) with points {} {}", gp_quote(data), i, kFlagStyle,
                       i ? "notitle" : "title 'degraded / failed reps'");
  return s + "\n";
}

// One series per model and engine for the headline's panels: the one with
// the most workers (the hypotheses compare models at equal worker budgets).
std::set<std::string> headline_series(const Results& res) {
  std::map<std::pair<std::string, std::string>, const Point*> best;
  for (auto& p : res.points) {
    if (p.target != "gilbench" || p.ok_reps == 0) continue;
    auto& b = best[{p.model, p.engine}];
    if (!b || p.workers > b->workers || (p.workers == b->workers && p.series.size() < b->series.size())) b = &p;
  }
  std::set<std::string> out;
  for (auto& [k, p] : best) out.insert(p->series);
  return out;
}

// The io workload of H2 (longest wait) and its gilbench series' p99 in ms.
std::string io_panel(const Results& res, const std::string& dir) {
  std::string wl;
  double wait = 0;
  for (auto& p : res.points)
    if (p.target == "gilbench" && p.kind == workloads::Kind::io && p.loop == "closed" && p.wait_ms > wait && p.get("lat_p99_us"))
      wait = p.wait_ms, wl = p.workload;
  if (wl.empty()) return "";
  std::map<std::string, std::vector<const Point*>> by;
  auto keep = headline_series(res);
  for (auto& p : res.points)
    if (keep.count(p.series) && p.workload == wl && p.loop == "closed" && p.get("lat_p99_us")) by[p.series].push_back(&p);
  const std::string data = dir + "/headline-io.dat";
  std::ofstream out(data);
  std::string plot;
  int i = 0;
  for (auto& [s, pts] : by) {
    out << "# " << s << "\n";
    for (auto* p : pts) out << fmt::format("{} {}\n", p->x, *p->get("lat_p99_us") / 1000);
    out << "\n\n";
    plot += fmt::format("{}{} index {} using 1:2 with linespoints {} title {}", i ? ", \\\n  " : "", gp_quote(data), i,
                        gnuplot_style(pts.front()->model, pts.front()->engine, false), gp_quote(s));
    ++i;
  }
  // Headroom above the lines keeps them clear of the key.
  return "set autoscale xy\nset offsets 0, 0, graph 0.35, 0\nset logscale x 2\nset logscale y\nset xlabel 'concurrency'\nset ylabel 'p99 latency (ms)'\nset title " +
         gp_quote("H2: p99, " + wl) + "\nplot " + plot + "\n";
}

// Median peak PSS (RSS when PSS is missing) per gilbench series, in MiB.
std::string memory_panel(const Results& res, const std::string& dir) {
  std::map<std::string, std::pair<std::string, std::vector<double>>> by;
  auto keep = headline_series(res);
  for (auto& p : res.points) {
    if (!keep.count(p.series)) continue;
    auto v = p.get("pss_kb");
    if (!v) v = p.get("rss_kb");
    if (!v) continue;
    by[p.series].first = p.model;
    by[p.series].second.push_back(*v / 1024);
  }
  if (by.empty()) return "";
  const std::string data = dir + "/headline-memory.dat";
  std::ofstream out(data);
  for (auto& [s, v] : by)
    out << fmt::format("\"{}\" {} {}\n", gp_label(s), stat_of(v.second).median, std::stoul(model_colour(v.first).substr(1), nullptr, 16));
  return "unset logscale\nset offsets 0, 0, 0, 0\nset xrange [-0.6:*]\nset yrange [0:*]\nset boxwidth 0.6\nset style fill solid 0.85 border -1\n"
         "set xtics rotate by 30 right font ',7'\nset xlabel ''\nset ylabel 'peak PSS (MiB)'\nset title 'H3: memory'\nplot " +
         gp_quote(data) + " using 0:2:3:xtic(1) with boxes lc rgb variable notitle\n";
}

std::optional<FigureSpec> capacity_figure(const Results& res, const std::string& dir) {
  auto rows = load_capacity(res.dir);
  if (rows.empty()) return std::nullopt;
  const std::string data = dir + "/capacity.dat";
  std::ofstream out(data);
  std::set<std::string> slos;
  for (auto& r : rows) {
    double cap = results::number(r, "capacity_rps").value_or(0);
    out << fmt::format("\"{} | {}\" {} {} {}\n", gp_label(r["series"]), gp_label(r["workload"]), cap,
                       std::stoul(model_colour(r["model"]).substr(1), nullptr, 16), results::value<results::CapacityStatus>(r, "status") == results::CapacityStatus::found ? 0 : 1);
    slos.insert(r["slo"]);
  }
  std::string slo;
  for (auto& s : slos) slo += (slo.empty() ? "" : ", ") + s;
  return FigureSpec{"capacity", "Which model carries the most traffic within the latency objective (" + slo + ")",
                    "set boxwidth 0.6\nset style fill solid 0.85 border -1\nset ylabel 'capacity (req/s within the SLO)'\n"
                    "set yrange [0:*]\nset xrange [-0.6:*]\nset xtics rotate by 30 right font ',8'\nset key inside right top\n"
                    "set title " + gp_quote("capacity at " + slo + " (open loop, bisection)") + "\nplot " + gp_quote(data) +
                        " using 0:2:3:xtic(1) with boxes lc rgb variable notitle, '' using 0:($4>0?$2:NaN) with points " +
                        kFlagStyle + " title 'not ok (see table)'\n",
                    1000, 520};
}
}  // namespace

std::vector<GilData> gil_panels(const Results& res) {
  // One panel per CPU-bound workload (cpu, and hash on both sides of
  // hashlib's 2048-byte GIL threshold, json...), each from the source that
  // shows most of the three series; on a tie, workers from the sweep, then
  // the in-process pool (for its workload), then concurrency at one worker
  // count.
  std::vector<GilData> out;
  auto pool = from_pool(res);
  for (auto& [neg_iters, wl] : cpu_workloads(res)) {
    std::optional<GilData> g;
    for (auto& candidate : {from_workers(res, wl), pool && pool->workload == wl ? pool : std::nullopt,
                            from_concurrency(res, wl)})
      if (candidate && (!g || candidate->curves.size() > g->curves.size())) g = candidate;
    if (g) out.push_back(std::move(*g));
  }
  if (pool && std::none_of(out.begin(), out.end(), [&](const GilData& g) { return g.workload == pool->workload; }))
    out.push_back(std::move(*pool));
  double cores = 0;
  if (auto it = res.env.find("cores_online"); it != res.env.end())
    cores = results::number({{"c", it->second}}, "c").value_or(0);
  for (auto& g : out) g.cores = cores;
  return out;
}

std::optional<GilData> gil_data(const Results& res) {
  // The panel that shows most of the three series; on a tie, speedup
  // against workers (the sweep's, then the pool's) before concurrency.
  const auto rank = [](const GilData& g) { return g.source == "workers" ? 0 : g.source == "pool" ? 1 : 2; };
  std::optional<GilData> best;
  for (auto& g : gil_panels(res))
    if (!best || g.curves.size() > best->curves.size() ||
        (g.curves.size() == best->curves.size() && rank(g) < rank(*best)))
      best = g;
  return best;
}

std::vector<results::Row> load_capacity(const std::string& results_dir) {
  const std::string path = results_dir + "/" + results::kCapacityCsv;
  if (!fs::exists(path)) return {};
  return results::read_csv(path);
}

std::vector<FigureSpec> summary_figures(const Results& res, const std::string& dir) {
  std::vector<FigureSpec> out;
  std::vector<std::string> panels;
  if (auto gs = gil_panels(res); !gs.empty()) {
    std::string body = fmt::format("set multiplot layout 1,{}\n", gs.size());
    std::vector<std::string> whats;
    for (std::size_t i = 0; i < gs.size(); ++i) {
      const auto& g = gs[i];
      std::string data = write_curves(fmt::format("{}/gil{}.dat", dir, i ? std::to_string(i) : ""), g);
      std::string what = g.source == "pool" ? "gilbench pool, " + g.workload : g.workload;
      whats.push_back(what);
      body += "set key inside left top font ',8'\nset title " + gp_quote(what) + "\n" + gil_plot(g, data);
    }
    if (auto h = gil_data(res)) {
      std::string data = write_curves(dir + "/gil-headline.dat", *h);
      panels.push_back("set key inside left top font ',8'\nset title 'H1: CPU-bound scaling'\n" + gil_plot(*h, data));
    }
    out.push_back({"gil",
                   fmt::format("The GIL: speedup of threads+python, threads+native and procs+python against {}, "
                               "with the ideal line, one panel per CPU-bound workload ({})",
                               std::all_of(gs.begin(), gs.end(), [&](const GilData& g) { return g.xlabel == gs.front().xlabel; })
                                   ? gs.front().xlabel
                                   : std::string("the axis of each panel"),
                               fmt::join(whats, "; ")),
                   body + "unset multiplot\n", std::max(900, 460 * static_cast<int>(gs.size())), 520});
  }
  if (auto s = io_panel(res, dir); !s.empty()) panels.push_back("set key inside left top font ',7'\n" + s);
  if (auto s = memory_panel(res, dir); !s.empty()) panels.push_back(s);
  if (!panels.empty()) {
    std::string body = fmt::format("set multiplot layout 1,{}\n", panels.size());
    for (auto& p : panels) body += p;
    out.push_back({"headline", "At a glance: CPU-bound scaling (H1), I/O-bound tail latency (H2), memory (H3)",
                   body + "unset multiplot\n", 520 * static_cast<int>(panels.size()), 460});
  }
  if (auto c = capacity_figure(res, dir)) out.push_back(*c);
  return out;
}

}  // namespace gilbench::report
