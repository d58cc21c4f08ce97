// Real network paths: hosts made of network namespaces joined by veth pairs
// to a bridge (in a namespace of its own, so the machine's own network is
// never touched). A gilbench server in one namespace, generators in others.
// The namespaces are deleted by a guard, so they go even when a test fails.
// Skips with the reason where namespaces cannot be made (not root, no
// CAP_SYS_ADMIN in a container); in CI a missing `ip` fails.
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "common/hdr_log_reader.h"
#include "common/temp_dir.h"
#include "harness.h"
#include "results/csv.h"
#include "spawn.h"

namespace gilbench::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* kServer = "10.77.0.1";
constexpr int kPort = 18080;  // each namespace has ports of its own

// Namespaces srv, g1, g2 and a switch, named after this process so parallel
// test runs do not collide; torn down in the destructor.
class NetLab {
 public:
  NetLab() : tag_(std::to_string(::getpid() % 100000)) {}
  ~NetLab() {
    for (const auto& ns : made_) output_of("ip netns del " + ns);
  }
  std::string ns(const std::string& host) const { return "gb" + host + tag_; }
  // "" when the lab is up, else why not.
  std::string build() {
    if (find_tool("ip").empty()) return "ip (iproute2) not found";
    if (::geteuid() != 0) return "not root: network namespaces need CAP_SYS_ADMIN";
    for (const char* h : {"sw", "srv", "g1", "g2"}) {
      const std::string out = output_of("ip netns add " + ns(h));
      if (!out.empty()) return "ip netns add failed: " + out;
      made_.push_back(ns(h));
      output_of(exec(h) + "ip link set lo up");
    }
    std::string err = output_of(exec("sw") + "ip link add br0 type bridge");  // one statement each: in order
    err += output_of(exec("sw") + "ip link set br0 up");
    int octet = 1;
    for (const char* h : {"srv", "g1", "g2"}) {
      const std::string a = "va" + std::string(h) + tag_, b = "vb" + std::string(h) + tag_;
      err += output_of("ip link add " + a + " type veth peer name " + b);
      err += output_of("ip link set " + a + " netns " + ns(h) + " name eth0");
      err += output_of("ip link set " + b + " netns " + ns("sw"));
      err += output_of(exec("sw") + "ip link set " + b + " master br0 up");
      err += output_of(exec(h) + "ip addr add 10.77.0." + std::to_string(octet++) + "/24 dev eth0");
      err += output_of(exec(h) + "ip link set eth0 up");
    }
    return err.empty() ? "" : "building the lab failed: " + err;
  }
  std::string exec(const std::string& host) const { return "ip netns exec " + ns(host) + " "; }

 private:
  std::string tag_;
  std::vector<std::string> made_;
};

// A gilbench server inside srv, stopped by PID.
struct NsServer {
  pid_t pid = -1;
  fs::path log;
  NsServer(const NetLab& lab, const fs::path& dir) : log(dir / "server.log") {
    pid = spawn({find_tool("ip"), "netns", "exec", lab.ns("srv"), gilbench_bin(), "serve", "--model", "async",
                 "--host", kServer, "--port", std::to_string(kPort), "--db", test_db()},
                log);
  }
  ~NsServer() { stop_pid(pid); }
  bool ready(const NetLab& lab) const {
    const std::string probe = lab.exec("g1") + gilbench_bin() + " load http://" + kServer + ":" +
                              std::to_string(kPort) + "/score -n 1 -c 1 --timeout 1s >/dev/null 2>&1";
    for (int i = 0; i < 50; ++i) {
      if (std::system(probe.c_str()) == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }
};


double num(const json::value& v) {
  return v.is_double() ? v.as_double() : static_cast<double>(v.to_number<std::int64_t>());
}
double p50(const json::object& o) {
  for (const auto& point : o.at("latency").at("percentiles").as_array())
    if (num(point.at("percentile")) == 50) return num(point.at("value_us"));
  return -1;
}

// Each test gets the lab and a server in srv; members go in reverse order,
// so the server stops before its namespace is deleted.
class Netns : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = lab.build();
    if (!why.empty()) {
      if (in_ci() && find_tool("ip").empty()) FAIL() << why << " (setup.sh --slurm installs it)";
      GTEST_SKIP() << "network namespaces cannot be made here: " << why;
    }
    server = std::make_unique<NsServer>(lab, dir.path);
    ASSERT_TRUE(server->ready(lab)) << slurp(server->log);
  }
  const test::ScratchDir dir{"gilbench-netns"};
  NetLab lab;
  std::unique_ptr<NsServer> server;
  const std::string url = std::string("http://") + kServer + ":" + std::to_string(kPort) + "/score";
};

TEST_F(Netns, TwoGeneratorsInOtherNamespacesMergedAgreeWithOne) {
  const std::string work = " --rate 200 -c 16 -d 2s --warmup 0.5s --mode io --wait-ms 20 --wait-dist fixed";
  const std::string start = std::to_string(static_cast<long>(::time(nullptr)) + 2);
  auto segment = [&](const char* host, int i) {
    return lab.exec(host) + gilbench_bin() + " load " + url + work + " --segment " + std::to_string(i) +
           "/2 --start-at " + start + " --hist-log " + (dir.path / (std::string(host) + ".hlog")).string() +
           " >/dev/null 2>&1";
  };
  ASSERT_EQ(std::system((segment("g1", 1) + " & " + segment("g2", 2) + "; wait").c_str()), 0);
  const std::string merged = output_of(gilbench_bin() + " load merge " + (dir.path / "g1.hlog").string() + " " +
                                       (dir.path / "g2.hlog").string() + " --json 2>/dev/null");
  const std::string whole = output_of(lab.exec("g1") + gilbench_bin() + " load " + url + work + " --json 2>/dev/null");
  const auto m = json::parse(merged).as_object();
  const auto w = json::parse(whole).as_object();
  EXPECT_EQ(num(m.at("scheduled")), 400);
  EXPECT_EQ(num(m.at("ok")), 400);
  EXPECT_EQ(num(w.at("ok")), 400);
  EXPECT_NEAR(num(m.at("throughput_rps")) / num(w.at("throughput_rps")), 1.0, 0.05);
  EXPECT_GE(p50(m), 20000);
  EXPECT_NEAR(p50(m) / p50(w), 1.0, 0.25) << "merged p50 " << p50(m) << " vs one generator " << p50(w);
  const auto a = read_spec_log(slurp(dir.path / "g1.hlog"));
  const auto b = read_spec_log(slurp(dir.path / "g2.hlog"));
  EXPECT_NEAR(a.start_time, b.start_time, 0.2);
}

TEST_F(Netns, AUrlTargetInAnotherNamespaceGetsItsProcessFiguresFromMetrics) {
  std::ofstream(dir.path / "url.toml") << "name = \"remote\"\nduration_s = 1\nwarmup_s = 0.2\nconcurrency = [2]\n"
                                       << "db = \"" << test_db() << "\"\n[[target]]\ntarget = \"url\"\n"
                                       << "url = \"http://" << kServer << ":" << kPort << "\"\nname = \"far\"\n"
                                       << "[[workload]]\nmode = \"noop\"\n";
  const std::string out = output_of(lab.exec("g1") + gilbench_bin() + " sweep " + (dir.path / "url.toml").string() +
                                    " --out " + (dir.path / "results").string() + " 2>/dev/null");
  // The sweep prints its results directory as its last line.
  std::string rdir = out.substr(0, out.find_last_not_of('\n') + 1);
  rdir = rdir.substr(rdir.rfind('\n') + 1);
  const auto rows = results::read_csv(rdir + "/results.csv");
  ASSERT_EQ(rows.size(), 1u) << out;
  auto row = rows[0];
  EXPECT_EQ(row["status"], "ok") << row["error"];
  EXPECT_EQ(row["target"], "far");
  EXPECT_GT(std::stod(row["throughput_rps"]), 0);
  EXPECT_FALSE(row["rss_kb"].empty()) << row["proc_note"];
  EXPECT_GT(std::stod(row["rss_kb"]), 1000);  // a real process, more than 1 MB resident
  EXPECT_FALSE(row["cpu_util"].empty()) << row["proc_note"];
  EXPECT_TRUE(row["pss_kb"].empty());  // /proc-only: not measurable from another host
}

TEST_F(Netns, NetemDelayIsInTheLatency) {
  const std::string said = output_of(lab.exec("g1") + "tc qdisc add dev eth0 root netem delay 10ms loss 0.5%");
  if (!said.empty()) GTEST_SKIP() << "this kernel has no netem (tc said: " << said.substr(0, said.find('\n')) << ")";
  const auto r = json::parse(output_of(lab.exec("g1") + gilbench_bin() + " load " + url +
                                       " --rate 50 -c 8 -d 2s --json 2>/dev/null"))
                     .as_object();
  // Every request crosses the delayed link once (egress of g1): >= 10 ms.
  EXPECT_GE(p50(r), 10000);
  EXPECT_GT(num(r.at("ok")), 90);
}

}  // namespace
}  // namespace gilbench::testing
