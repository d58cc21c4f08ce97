#include "report/plots.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>

#include "sweep/csv.h"

namespace gilbench::report {

namespace fs = std::filesystem;

namespace {
struct Series {
  std::string title, style;
  std::vector<const Point*> pts;
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
  }
  std::vector<Series> out;
  for (auto& [k, s] : by) out.push_back(std::move(s));
  return out;
}

std::string q(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("''") : std::string(1, c);
  return o + "'";
}

// Writes `data` (blocks separated by two blank lines = gnuplot indexes).
void write_data(const std::string& path, const std::vector<Series>& ss, const std::vector<std::string>& metrics) {
  std::ofstream out(path);
  for (auto& s : ss) {
    out << "# " << s.title << "\n";
    for (auto* p : s.pts) {
      out << p->x;
      for (auto& m : metrics) {
        auto it = p->m.find(m);
        if (it == p->m.end() || it->second.n == 0) out << " NaN NaN NaN";
        else out << fmt::format(" {} {} {}", it->second.median, it->second.min, it->second.max);
      }
      out << "\n";
    }
    out << "\n\n";
  }
}

const char* kPrelude =
    "set termoption noenhanced\nset grid lc rgb '#dddddd'\nset key outside right top vertical font ',9'\n"
    "set border lc rgb '#444444'\nset datafile missing 'NaN'\n";

// True if a gnuplot log holds an error (warnings, e.g. a one-point range
// being widened, are fine).
bool script_errors(const std::string& log) {
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    std::string low = line;
    for (auto& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low.find("warning") != std::string::npos) continue;
    if (low.find("\" line ") != std::string::npos || low.find("error") != std::string::npos) return true;
  }
  return false;
}

bool render(const std::string& dir, const std::string& name, const std::string& body, int w, int h,
            std::vector<std::string>& warnings) {
  bool ok = true;
  for (auto [term, ext] : {std::pair{"svg", "svg"}, std::pair{"pngcairo", "png"}}) {
    std::string script = dir + "/" + name + "." + ext + ".gp";
    {
      std::ofstream gp(script);
      gp << fmt::format("set terminal {} size {},{} {}\n", term, w, h,
                        std::string(term) == "svg" ? "font 'Helvetica,11' background rgb 'white'" : "font 'Sans,10'");
      gp << fmt::format("set output {}\n", q(dir + "/" + name + "." + ext)) << kPrelude << body;
    }
    std::string cmd = fmt::format("gnuplot {} 2>{}/{}.{}.log", q(script), dir, name, ext);
    std::string log = fmt::format("{}/{}.{}.log", dir, name, ext);
    std::error_code ec;
    if (std::system(cmd.c_str()) != 0 || fs::file_size(dir + "/" + name + "." + ext, ec) == 0 || script_errors(log)) {
      // gnuplot exits 0 on some script errors, so its stderr decides too.
      warnings.push_back(fmt::format("gnuplot failed for {}.{} (see {})", name, ext, log));
      ok = false;
    } else {
      fs::remove(log, ec);
    }
  }
  return ok;
}

// `plot` clause: one line per series using column `col` of each block.
std::string lines(const std::string& data, const std::vector<Series>& ss, int col, const std::string& suffix = "",
                  const std::string& extra_style = "") {
  std::string s;
  // Non-positive values are left undefined: they cannot sit on a log axis.
  for (std::size_t i = 0; i < ss.size(); ++i)
    s += fmt::format("{}{} index {} using 1:(${}>0?${}:NaN) with linespoints {} {} title {}", i ? ", \\\n  " : "", q(data), i,
                     col, col, ss[i].style, extra_style, q(ss[i].title + suffix));
  return s + "\n";
}

std::string x_axis(const std::string& loop) {
  return loop == "open" ? "set xlabel 'offered rate (req/s)'\nset logscale x 2\n"
                        : "set xlabel 'concurrency (client connections)'\nset logscale x 2\n";
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

std::string series_style(const Point& p) {
  static const std::map<std::string, std::string> model_color = {
      {"threads", "#1f77b4"}, {"async", "#2ca02c"}, {"procs", "#d62728"}};
  static const std::map<std::string, std::string> peer_color = {
      {"threads", "#ff7f0e"}, {"async", "#9467bd"}, {"procs", "#8c564b"}};
  if (p.target == "gilbench") {
    auto it = model_color.find(p.model);
    return fmt::format("lc rgb '{}' lw 2 dt {} pt {}", it == model_color.end() ? "#7f7f7f" : it->second,
                       p.engine == "python" ? 2 : 1, p.engine == "python" ? 6 : 7);
  }
  auto it = peer_color.find(p.model);
  return fmt::format("lc rgb '{}' lw 2 dt 3 pt 4", it == peer_color.end() ? "#17becf" : it->second);
}

std::vector<Plot> make_plots(const Results& res, const std::string& out_dir, std::vector<std::string>& warnings) {
  const std::string dir = out_dir + "/plots";
  fs::create_directories(dir);
  std::vector<Plot> plots;
  auto add = [&](const std::string& name, const std::string& title, const std::string& body, int w = 900, int h = 480) {
    Plot p{name, title, dir + "/" + name + ".svg", dir + "/" + name + ".png", false};
    p.ok = render(dir, name, body, w, h, warnings);
    plots.push_back(p);
  };
  std::set<std::pair<std::string, std::string>> wls;
  for (auto& p : res.points)
    if (p.ok_reps) wls.insert({p.workload, p.loop});

  // Metric columns in the data files: value, min, max per metric.
  const std::vector<std::string> ms = {"throughput_rps", "lat_p50_us", "lat_p95_us", "lat_p99_us",
                                       "queue_p50_us", "service_p50_us", "cpu_util", "ctx_voluntary",
                                       "ctx_involuntary", "requests"};
  auto col = [&](const std::string& m) {
    for (std::size_t i = 0; i < ms.size(); ++i)
      if (ms[i] == m) return static_cast<int>(2 + 3 * i);
    return 2;
  };
  for (auto& [wl, loop] : wls) {
    auto ss = series_for(res, wl, loop);
    if (ss.empty()) continue;
    std::string stem = slug(wl) + (loop == "open" ? "-open" : "");
    std::string data = dir + "/" + stem + ".dat";
    write_data(data, ss, ms);
    add("throughput-" + stem, "Throughput vs concurrency: " + wl,
        x_axis(loop) + fmt::format("set ylabel 'throughput (req/s, 2xx only)'\nset yrange [0:*]\n"
                                   "set title {}\nplot ", q("throughput, " + wl + " (median over repetitions)")) +
            lines(data, ss, col("throughput_rps")));
    std::string lat = "set multiplot layout 1,3 title " + q("latency, " + wl + " (log scale)") + "\n" +
                      x_axis(loop) + "set logscale y\nset ylabel 'latency (us)'\nset key off\n";
    for (auto [m, t] : {std::pair{"lat_p50_us", "p50"}, std::pair{"lat_p95_us", "p95"}, std::pair{"lat_p99_us", "p99"}}) {
      if (std::string(t) == "p99") lat += "set key outside right top vertical font ',8'\n";
      lat += fmt::format("set title '{}'\nplot ", t) + lines(data, ss, col(m));
    }
    add("latency-" + stem, "Latency p50 / p95 / p99 vs concurrency: " + wl, lat + "unset multiplot\n", 1400, 480);
    auto positive = [&](const char* m) {
      for (auto& se : ss)
        for (auto* p : se.pts)
          if (p->get(m).value_or(0) > 0) return true;
      return false;
    };
    if (positive("queue_p50_us") && positive("service_p50_us"))
    add("queue-service-" + stem, "Server queue wait vs service time (p50): " + wl,
        "set multiplot layout 1,2 title " + q("where the time goes, " + wl) + "\n" + x_axis(loop) +
            "set logscale y\nset ylabel 'time (us)'\nset key off\nset title 'queue wait p50 (queue_us)'\nplot " +
            lines(data, ss, col("queue_p50_us")) +
            "set key outside right top vertical font ',8'\nset title 'service time p50 (service_us)'\nplot " +
            lines(data, ss, col("service_p50_us")) + "unset multiplot\n",
        1200, 480);
    // Context switches per request: a column expression over the data file.
    std::string ctx;
    for (std::size_t i = 0; i < ss.size(); ++i)
      ctx += fmt::format("{}{} index {} using 1:((${}+${})/${}) with linespoints {} title {}", i ? ", \\\n  " : "", q(data), i,
                         col("ctx_voluntary"), col("ctx_involuntary"), col("requests"), ss[i].style, q(ss[i].title));
    add("cpu-" + stem, "CPU use and context switches: " + wl,
        "set multiplot layout 1,2 title " + q("CPU, " + wl) + "\n" + x_axis(loop) +
            "set key off\nset ylabel 'CPU (cores, user+sys of the whole tree)'\nset yrange [0:*]\nset title 'CPU use'\nplot " +
            lines(data, ss, col("cpu_util")) +
            "set key outside right top vertical font ',8'\nset logscale y\nset yrange [*:*]\nset ylabel 'context switches per request'\n"
            "set title 'context switches (voluntary + involuntary)'\nplot " + ctx + "\nunset multiplot\n",
        1200, 480);
    // Spectrum at the highest concurrency each series reached.
    std::string spec;
    int n = 0;
    for (auto& s : ss) {
      const Point* top = s.pts.back();
      std::string f = top->cell_dir + "/spectrum.csv";
      if (top->cell_dir.empty() || !fs::exists(f)) continue;
      spec += fmt::format("{}{} using (1/(1-$1/100.0)):2 every ::1 with linespoints {} ps 0.6 title {}", n++ ? ", \\\n  " : "",
                          q(f), s.style, q(fmt::format("{} (x={})", s.title, top->x)));
    }
    if (n)
      add("spectrum-" + stem, "Latency percentile spectrum at the highest concurrency: " + wl,
          "set datafile separator ','\nset logscale x\nset logscale y\nset xrange [1:100000]\n"
          "set xtics ('0%%' 1, '50%%' 2, '90%%' 10, '99%%' 100, '99.9%%' 1000, '99.99%%' 10000, '99.999%%' 100000)\n"
          "set xlabel 'percentile'\nset ylabel 'latency (us)'\nset title " + q("latency spectrum, " + wl) + "\nplot " + spec + "\n");
  }
  // Memory: median peak PSS and RSS per series over all its ok cells.
  std::map<std::pair<bool, std::string>, std::pair<std::vector<double>, std::vector<double>>> mem;
  for (auto& p : res.points) {
    auto& e = mem[{p.is_peer(), p.series}];
    if (auto v = p.get("pss_kb")) e.first.push_back(*v / 1024);
    if (auto v = p.get("rss_kb")) e.second.push_back(*v / 1024);
  }
  if (!mem.empty()) {
    std::ofstream out(dir + "/memory.dat");
    out << "series pss_mib rss_mib\n";
    for (auto& [k, v] : mem)
      out << fmt::format("\"{}\" {} {}\n", k.second, v.first.empty() ? std::string("NaN") : fmt::format("{}", stat_of(v.first).median),
                         v.second.empty() ? std::string("NaN") : fmt::format("{}", stat_of(v.second).median));
    out.close();
    add("memory", "Memory per target: median peak PSS and RSS of the whole process tree",
        "set style data histograms\nset style histogram clustered gap 1\nset style fill solid 0.8 border -1\n"
        "set ylabel 'memory (MiB)'\nset yrange [0:*]\nset xtics rotate by -30 font ',9'\nset key inside left top\n"
        "set title 'peak memory of the target (median over cells)'\nplot " + q(dir + "/memory.dat") +
            " using 2:xtic(1) title 'PSS' lc rgb '#4c72b0', '' using 3 title 'RSS' lc rgb '#dd8452'\n",
        1000, 500);
  }
  // Pool: throughput vs workers per kind x engine.
  if (!res.pool.empty()) {
    std::map<std::string, std::vector<std::pair<double, double>>> by;
    for (auto& r : res.pool) {
      if (r.at("status") != "ok" || r.at("throughput_tps").empty()) continue;
      by[r.at("kind") + "/" + r.at("engine")].push_back({std::stod(r.at("workers")), std::stod(r.at("throughput_tps"))});
    }
    if (!by.empty()) {
      std::ofstream out(dir + "/pool.dat");
      std::string plot;
      int i = 0;
      for (auto& [k, v] : by) {
        out << "# " << k << "\n";
        for (auto& [w, t] : v) out << w << " " << t << "\n";
        out << "\n\n";
        bool threads = k.rfind("threads", 0) == 0;
        bool py = k.find("python") != std::string::npos;
        plot += fmt::format("{}{} index {} using 1:2 with linespoints lc rgb '{}' lw 2 dt {} pt 7 title {}", i ? ", " : "",
                            q(dir + "/pool.dat"), i, threads ? "#1f77b4" : "#d62728", py ? 2 : 1, q(k));
        ++i;
      }
      out.close();
      add("pool", "In-process pool (no HTTP): throughput vs workers",
          "set logscale x 2\nset xlabel 'workers'\nset ylabel 'throughput (tasks/s)'\nset yrange [0:*]\n"
          "set title 'gilbench pool: tasks per second'\nplot " + plot + "\n");
    }
  }
  return plots;
}

}  // namespace gilbench::report
