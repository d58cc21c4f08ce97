// Chunk extensions and trailers are bounded (issue 14, item 1): Beast 1.81
// buffers either whole, so an unbounded one cost the server 1 GB of RSS.
// They count against --max-header (431) and the connection is closed.
#include <gtest/gtest.h>
#include <poll.h>

#include "harness.h"
#include "proc/proc_stat.h"

namespace gilbench::testing {
namespace {

std::int64_t tree_rss_kb(pid_t root) {
  std::int64_t kb = 0;
  for (pid_t p : proc::process_tree(root))
    if (auto st = proc::read_proc(p)) kb += st->rss_kb;
  return kb;
}

// Sends `prefix`, then up to `total` bytes of `fill`, until the server
// answers (its answer is readable) or stops taking bytes; returns the answer.
HttpResponse flood(int port, const std::string& prefix, char fill, std::size_t total) {
  Conn c(port);
  c.send(prefix);
  const std::string block(64 * 1024, fill);
  std::size_t sent = 0;
  while (sent < total) {
    if (!c.send(block)) break;
    sent += block.size();
    if (c.readable()) break;
  }
  return c.read(10s);
}

class ChunkLimits : public ::testing::TestWithParam<std::string> {};

TEST_P(ChunkLimits, HugeExtensionAndTrailerAre431AndCostNoMemory) {
  auto s = start_server({"--model", GetParam(), "--workers", "1"});
  const std::string head =
      "POST /score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  ASSERT_EQ(get(s->port(), "/healthz").status, 200);
  const auto before = tree_rss_kb(s->pid());

  auto ext = flood(s->port(), head + "f;a=", 'a', 256u << 20);
  EXPECT_EQ(ext.status, 431) << ext.body;
  EXPECT_EQ(ext.header("connection"), "close");

  auto trailer = flood(s->port(), head + "10\r\n{\"mode\":\"noop\"} \r\n0\r\nX-T: ", 't', 256u << 20);
  EXPECT_EQ(trailer.status, 431) << trailer.body;

  const auto after = tree_rss_kb(s->pid());
  EXPECT_LT(after - before, 8 * 1024) << "RSS grew from " << before << " kB to " << after << " kB";
  EXPECT_EQ(get(s->port(), "/healthz").status, 200);
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(ChunkLimits, ManySmallExtensionsAddUpTo431) {
  auto s = start_server({"--model", GetParam(), "--workers", "1", "--max-header", "1024"});
  std::string req = "POST /score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 100; ++i) req += "1;e=" + std::string(20, 'x') + "\r\n \r\n";
  req += "0\r\n\r\n";
  Conn c(s->port());
  c.send(req);
  auto r = c.read(5s);
  EXPECT_EQ(r.status, 431) << r.body;
  EXPECT_TRUE(c.closed_by_peer(3s));
  EXPECT_EQ(s->stop(), 0);
}

TEST_P(ChunkLimits, SmallExtensionsAndTrailersAreStillServed) {
  auto s = start_server({"--model", GetParam(), "--workers", "1"});
  Conn c(s->port());
  c.send("POST /score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
         "10;name=value\r\n{\"mode\":\"noop\"} \r\n0\r\nX-Trailer: yes\r\n\r\n");
  EXPECT_EQ(c.read(5s).status, 200);
  EXPECT_EQ(s->stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(AllModels, ChunkLimits, ::testing::ValuesIn(all_models()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace gilbench::testing
