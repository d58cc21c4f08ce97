#include "sweep/env.h"

#include <openssl/crypto.h>
#include <sqlite3.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/version.hpp>
#include <chrono>
#include <cstdio>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fstream>
#include <thread>
#include <toml++/toml.h>

#include "results/layout.h"
#include "engines/python/interpreter.h"

namespace gilbench::sweep {

std::string command_output(const std::string& cmd) {
  std::FILE* p = ::popen(("(" + cmd + ") 2>/dev/null").c_str(), "r");
  if (!p) return "";
  char buf[512];
  std::string out;
  if (std::fgets(buf, sizeof buf, p)) out = buf;
  while (std::fgets(buf, sizeof buf, p)) {
  }
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

namespace {
std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      auto c = line.find(':');
      return c == std::string::npos ? line : line.substr(c + 2);
    }
  return "";
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

// Every interpreter the python engine can run in this build (the first is
// the default), with what its build recorded (docs/python-engine.md).
boost::json::array python_interpreters() {
  boost::json::array a;
  for (const auto& in : engines::python::interpreters())
    a.push_back(boost::json::object{{"executable", in.executable},
                                    {"version", in.version},
                                    {"free_threaded", in.free_threaded},
                                    {"build_flags", in.build_flags}});
  return a;
}
}  // namespace

std::string env_json(const std::string& experiment_path, const std::string& experiment_text,
                     const std::string& source_dir) {
  namespace json = boost::json;
  utsname u{};
  ::uname(&u);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string git = "git -C " + quote(source_dir);
  std::string sha = command_output(git + " rev-parse HEAD");
  std::string dirty = command_output(git + " status --porcelain --untracked-files=no | head -1");

  json::object deps{
      {"boost", fmt::format("{}.{}.{}", BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100)},
      {"openssl", OpenSSL_version(OPENSSL_VERSION)},
      {"sqlite", sqlite3_libversion()},
      {"python_embedded", engines::python::interpreters().front().version},
      {"python_peers", command_output("/usr/bin/python3 --version")},
      {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
      {"tomlplusplus", fmt::format("{}.{}.{}", TOML_LIB_MAJOR, TOML_LIB_MINOR, TOML_LIB_PATCH)},
      {"gnuplot", command_output("gnuplot --version")}};
  json::object env{
      {"gilbench_version", GILBENCH_VERSION},
      {"created_utc", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)))},
      {"host", host},
      {"cpu_model", cpu_model()},
      {"cores_online", ::sysconf(_SC_NPROCESSORS_ONLN)},
      {"hardware_concurrency", std::thread::hardware_concurrency()},
      {"kernel", fmt::format("{} {} {}", u.sysname, u.release, u.machine)},
      {"compiler", GILBENCH_COMPILER},
      {"cxx_flags", GILBENCH_CXX_FLAGS},
      {"build_type", GILBENCH_BUILD_TYPE},
      {"git_sha", sha.empty() ? json::value(nullptr) : json::value(sha)},
      {"git_dirty", sha.empty() ? json::value(nullptr) : json::value(!dirty.empty())},
      {"dependencies", deps},
      {"rules_version", results::kRulesVersion},
      {"python_interpreters", python_interpreters()},
      {"experiment_file", experiment_path},
      {"experiment", experiment_text}};
  return json::serialize(env) + "\n";
}

}  // namespace gilbench::sweep
