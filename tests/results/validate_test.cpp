// results/validate.h: every class of damage in a results.csv gets a warning
// naming the file, line and column, and its row is left out; a file that is
// not a results.csv is refused.
#include "results/validate.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace gilbench::results {
namespace {

const std::string kHeader = "experiment,cell_id,rep,status,lat_p99_us,throughput_rps,noisy\n";
std::string good(const std::string& id) { return "x," + id + ",0,ok,1200,350.5,0\n"; }

TEST(CheckResults, GoodRowsPassUntouched) {
  const auto c = check_results_text("r.csv", kHeader + good("a") + good("b") + "x,c,0,failed,,,\n");
  EXPECT_EQ(c.rows.size(), 3u);
  EXPECT_EQ(c.left_out, 0u);
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_EQ(c.rows[0].at("lat_p99_us"), "1200");
}

TEST(CheckResults, EachClassOfDamageIsNamedAndLeftOut) {
  const std::string text = kHeader + good("a") +   // line 2
                           "x,b,0,ok,-0.1,10,0\n" +  // 3: negative latency
                           "x,c,0,ok,nan,10,0\n" +   // 4: NaN
                           "x,d,0,ok,fast,10,0\n" +  // 5: text where a number belongs
                           "x,e,0,ok,12\n" +         // 6: torn row
                           good("a") +               // 7: duplicate of line 2
                           "x,f,0,great,1,1,0\n" +   // 8: unknown status
                           "x,g,0,ok,1,1,maybe\n" +  // 9: bad flag
                           "x,h,0,ok,1,inf,0\n" +    // 10: infinite
                           "x,i,0,o";                // 11: torn last row, no newline
  const auto c = check_results_text("r.csv", text);
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0].at("cell_id"), "a");
  ASSERT_EQ(c.warnings.size(), 9u);
  EXPECT_EQ(c.left_out, 9u);
  EXPECT_EQ(c.warnings[0], "r.csv line 3, column lat_p99_us: '-0.1' is negative; row left out");
  EXPECT_EQ(c.warnings[1], "r.csv line 4, column lat_p99_us: 'nan' is not a finite number; row left out");
  EXPECT_EQ(c.warnings[2], "r.csv line 5, column lat_p99_us: 'fast' is not a number; row left out");
  EXPECT_EQ(c.warnings[3], "r.csv line 6, column (all): 5 fields where the header has 7: a torn row; row left out");
  EXPECT_EQ(c.warnings[4],
            "r.csv line 7, column cell_id,rep: repeats cell a rep 0 of line 2 (counted once); row left out");
  EXPECT_EQ(c.warnings[5], "r.csv line 8, column status: 'great' is not ok, degraded or failed; row left out");
  EXPECT_EQ(c.warnings[6], "r.csv line 9, column noisy: 'maybe' is not 0 or 1; row left out");
  EXPECT_EQ(c.warnings[7], "r.csv line 10, column throughput_rps: 'inf' is not a finite number; row left out");
  EXPECT_EQ(c.warnings[8],
            "r.csv line 11, column (end of file): 4 fields where the header has 7, and no newline: a torn last "
            "row; row left out");
}

TEST(CheckResults, AFileThatIsNotAResultsCsvIsRefused) {
  auto refused = [](const std::string& text) {
    try {
      check_results_text("r.csv", text);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused(""), "r.csv is not a results.csv: it is empty");
  EXPECT_EQ(refused(std::string("\x7f\x45\x4c\x46\x02\x01\x01\x00\x00", 9) + "\n"),
            "r.csv is not a results.csv: it holds binary data (NUL bytes)");
  EXPECT_EQ(refused("\x93\xa7 random \xff bytes\n\x01\x02"), "r.csv is not a results.csv: its first line names no 'cell_id' column");
  EXPECT_EQ(refused("experiment,cell_id,rep,status"), "r.csv is not a results.csv: it has no complete header line");
  EXPECT_EQ(refused("cell_id,rep,status,rep\n"), "r.csv is not a results.csv: its header names a column twice");
  EXPECT_EQ(refused("kind,rate_rps\npool,3\n"), "r.csv is not a results.csv: its first line names no 'cell_id' column");
}

TEST(CheckResults, FigureColumnsIncludeLatencyCountsAndRates) {
  for (auto c : {"lat_p99_us", "errors_read", "throughput_rps", "rep", "rss_kb"}) EXPECT_TRUE(is_figure_column(c)) << c;
  for (auto c : {"status", "error", "cell_id", "model", "generator_reason"}) EXPECT_FALSE(is_figure_column(c)) << c;
}

}  // namespace
}  // namespace gilbench::results
