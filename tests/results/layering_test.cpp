// results/ is the lowest layer of the results path: the sweep writes through
// it and the report reads through it, so nothing it includes, directly or
// through another folder (it takes the workload axis's parameter columns
// from workloads/), reaches sweep/, report/ or pool/. And pool/ writes
// pool.csv through it without reaching up into sweep/, which runs the pool
// (issue 11: no include cycle between pool/ and sweep/). The report reads
// a results directory without sweep/ at all. On the server side, the axes
// stay independent: no model reaches another model's folder, and workloads/
// and engines/ do not include each other (issue 21).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kSrc = fs::path(GILBENCH_FIXTURES) / ".." / ".." / "src";

// The project includes ("dir/file.h") of one file.
std::vector<std::string> includes_of(const fs::path& file) {
  static const std::regex inc(R"(^\s*#\s*include\s+"([^"]+)\")");
  std::vector<std::string> out;
  std::ifstream in(file);
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_search(line, m, inc)) out.push_back(m[1].str());
  return out;
}

// Every project header reachable from `files` (paths under src/), with the
// file that includes it: "report/data.h (from results/x.h)".
std::vector<std::string> reachable_from_files(std::vector<std::string> todo) {
  std::vector<std::string> out;
  std::set<std::string> seen(todo.begin(), todo.end());
  while (!todo.empty()) {
    const std::string from = todo.back();
    todo.pop_back();
    for (auto& i : includes_of(kSrc / from)) {
      out.push_back(i + " (from " + from + ")");
      if (fs::exists(kSrc / i) && seen.insert(i).second) todo.push_back(i);
    }
  }
  return out;
}

// The files of src/<dir>, as paths under src/; `recursive` = with its subfolders.
std::vector<std::string> files_of(const std::string& dir, bool recursive = true) {
  std::vector<std::string> out;
  EXPECT_TRUE(fs::is_directory(kSrc / dir)) << kSrc / dir;
  auto add = [&](const fs::directory_entry& f) {
    if (f.is_regular_file()) out.push_back(fs::relative(f.path(), kSrc).string());
  };
  if (recursive)
    for (auto& f : fs::recursive_directory_iterator(kSrc / dir)) add(f);
  else
    for (auto& f : fs::directory_iterator(kSrc / dir)) add(f);
  return out;
}

std::vector<std::string> reachable_from(const std::string& dir) { return reachable_from_files(files_of(dir)); }

bool under(const std::string& inc, const std::string& dir) { return inc.rfind(dir + "/", 0) == 0; }

TEST(Layering, ResultsReachesNeitherSweepNorReportNorPool) {
  auto incs = reachable_from("results");
  EXPECT_GE(incs.size(), 4u) << "the scan found the folder's own includes";
  for (auto& i : incs)
    for (const char* up : {"sweep", "report", "pool", "cli"}) EXPECT_FALSE(under(i, up)) << i;
}

TEST(Layering, PoolDoesNotReachSweepOrReport) {
  auto incs = reachable_from("pool");
  EXPECT_FALSE(incs.empty());
  for (auto& i : incs)
    for (const char* up : {"sweep", "report", "cli"}) EXPECT_FALSE(under(i, up)) << i;
}

// The report reads a results directory through results/ (its files,
// results/layout.h; its rows, row.h): it never needs the sweep that wrote it.
TEST(Layering, ReportDoesNotReachSweep) {
  auto incs = reachable_from("report");
  EXPECT_FALSE(incs.empty());
  for (auto& i : incs) EXPECT_FALSE(under(i, "sweep")) << i;
}

// The server (http/, models/, workloads/, engines/) is below everything that
// measures it: it reads its own /proc figures through proc/, not the sweep.
TEST(Layering, TheServerDoesNotReachTheMeasuringSide) {
  for (const char* server : {"http", "models", "workloads", "engines", "api"}) {
    auto incs = reachable_from(server);
    EXPECT_FALSE(incs.empty()) << server;
    for (auto& i : incs)
      for (const char* up : {"sweep", "report", "pool", "load", "results", "cli"})
        EXPECT_FALSE(under(i, up)) << server << ": " << i;
  }
}

// Each folder of src/models/ is one model; the files directly in src/models/
// are the axis (Model, the registry, the options) and the machinery models
// share (the handler, the loop's dispatcher and runner, the supervisor, the
// drain). A model reaches that shared part, never another model's folder, and
// the shared part reaches no model: only the registry names them all.
std::vector<std::string> model_folders() {
  std::vector<std::string> out;
  for (auto& d : fs::directory_iterator(kSrc / "models"))
    if (d.is_directory()) out.push_back("models/" + d.path().filename().string());
  return out;
}

TEST(Layering, NoModelReachesAnotherModelsFolder) {
  const auto models = model_folders();
  EXPECT_GE(models.size(), 4u) << "threads, async, procs, offload";
  for (auto& model : models) {
    auto incs = reachable_from(model);
    EXPECT_FALSE(incs.empty()) << model;
    for (auto& i : incs)
      for (auto& other : models)
        if (other != model) EXPECT_FALSE(under(i, other)) << model << ": " << i;
  }
}

TEST(Layering, TheSharedModelMachineryReachesNoModel) {
  std::vector<std::string> shared;
  for (auto& f : files_of("models", false))
    if (f != "models/registry.cpp") shared.push_back(f);
  EXPECT_GE(shared.size(), 10u) << "the scan found the shared files";
  const auto incs = reachable_from_files(shared);
  for (auto& i : incs)
    for (auto& model : model_folders()) EXPECT_FALSE(under(i, model)) << i;
}

// A workload runs on an engine through the engine interface (the files
// directly in engines/: Worker's primitives), and an engine knows no
// workload: engines/ reaches nothing of workloads/, and workloads/ reaches
// no engine's own folder (engines/<name>/). The store both engines open
// (store/) depends on neither.
TEST(Layering, EnginesAndWorkloadsDoNotIncludeEachOther) {
  for (auto& i : reachable_from("engines")) EXPECT_FALSE(under(i, "workloads")) << "engines: " << i;
  for (auto& i : reachable_from("workloads")) {
    const auto file = i.substr(0, i.find(' '));
    EXPECT_FALSE(under(file, "engines") && file.find('/', 8) != std::string::npos) << "workloads: " << i;
  }
  auto store = reachable_from("store");
  EXPECT_FALSE(store.empty());
  for (auto& i : store)
    for (const char* up : {"workloads", "engines", "models", "http"}) EXPECT_FALSE(under(i, up)) << "store: " << i;
}

}  // namespace
