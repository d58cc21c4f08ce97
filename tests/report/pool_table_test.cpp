// The report's pool table names each row's workload with the workload's own
// label (Workload::label through report::workload_of), so every field the
// workload has shows: a hash row keeps its size (issue 21: the label was
// built by hand from iters and wait_ms, and a hash row lost its size).
#include <gtest/gtest.h>

#include "report/sections.h"

namespace gilbench::report {
namespace {

results::Row pool_row(const std::string& workload, std::map<std::string, std::string> fields) {
  results::Row r{{"kind", "threads"}, {"engine", "python"}, {"workload", workload}, {"workers", "2"},
                 {"throughput_tps", "100"}, {"status", "ok"}};
  for (auto& [k, v] : fields) r[k] = v;
  return r;
}

TEST(PoolTable, EachRowIsLabelledByItsWorkloadWithEveryField) {
  Results res;
  res.pool = {pool_row("hash", {{"size", "65536"}, {"iters", "16"}}), pool_row("cpu", {{"iters", "80000"}})};
  Document d;
  pool_blocks(d, res, {});
  const Block* table = nullptr;
  for (auto& b : d)
    if (b.kind == Block::table) table = &b;
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->rows.size(), 2u);
  ASSERT_GE(table->header.size(), 3u);
  EXPECT_EQ(table->header[2], "workload");
  EXPECT_EQ(table->rows[0][2], "hash size=65536 iters=16");
  EXPECT_EQ(table->rows[1][2], "cpu iters=80000");
}

}  // namespace
}  // namespace gilbench::report
