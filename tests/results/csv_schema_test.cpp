// The results.csv writer against its contract, docs/csv-schema.md, and the
// append-only file's guarantees: no torn row, no duplicate on resume.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "pool/pool.h"
#include "results/csv.h"

namespace gilbench::results {
namespace {

namespace fs = std::filesystem;

// Column names of the markdown table that follows the first heading
// containing `section` (e.g. "results.csv", "pool.csv").
std::vector<std::string> doc_columns(const std::string& section) {
  std::ifstream in(std::string(GILBENCH_FIXTURES) + "/../../docs/csv-schema.md");
  EXPECT_TRUE(in.good());
  std::vector<std::string> cols;
  bool in_section = false;
  static const std::regex row(R"(^\| (\w+) \|)");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#", 0) == 0) {
      if (in_section && !cols.empty()) break;
      in_section = line.find(section) != std::string::npos;
      continue;
    }
    std::smatch m;
    if (in_section && std::regex_search(line, m, row) && m[1] != "column") cols.push_back(m[1]);
  }
  return cols;
}

fs::path temp_file(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("gilbench-csv-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto p = dir / name;
  fs::remove(p);
  return p;
}

TEST(CsvSchema, ResultsHeaderMatchesDoc) {
  auto doc = doc_columns("results.csv");
  ASSERT_FALSE(doc.empty());
  EXPECT_EQ(doc, result_columns());
}

TEST(CsvSchema, PoolHeaderMatchesDoc) {
  auto doc = doc_columns("pool.csv");
  ASSERT_FALSE(doc.empty());
  EXPECT_EQ(doc, pool::pool_columns());
}

TEST(Csv, EscapeSplitRoundTrip) {
  std::vector<std::string> fields = {"plain", "with,comma", "with \"quote\"", "", "x"};
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csv_escape(fields[i]);
  EXPECT_EQ(csv_split(line), fields);
}

TEST(Csv, LineReplacesNewlinesAndRejectsUnknownColumns) {
  std::vector<std::string> cols = {"a", "error"};
  EXPECT_EQ(csv_line(cols, {{"error", "two\nlines"}}), ",two lines\n");
  EXPECT_THROW(csv_line(cols, {{"nope", "1"}}), std::logic_error);
}

TEST(CsvAppender, ResumeSeesDoneCellsAndDropsTornLastLine) {
  auto path = temp_file("results.csv").string();
  std::vector<std::string> cols = {"cell_id", "rep", "status"};
  {
    CsvAppender a(path, cols);
    a.append({{"cell_id", "aaa"}, {"rep", "0"}, {"status", "ok"}});
    a.append({{"cell_id", "bbb"}, {"rep", "0"}, {"status", "failed"}});
  }
  // A crash mid-write leaves a partial row without its newline.
  { std::ofstream(path, std::ios::app) << "ccc,0,o"; }
  CsvAppender b(path, cols);
  EXPECT_EQ(b.repaired_bytes(), 7u);
  EXPECT_EQ(b.done().size(), 2u);
  EXPECT_TRUE(b.done().count({"aaa", 0}));
  EXPECT_TRUE(b.done().count({"bbb", 0}));
  EXPECT_FALSE(b.done().count({"ccc", 0}));
  b.append({{"cell_id", "ccc"}, {"rep", "0"}, {"status", "ok"}});
  auto rows = read_csv(path);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2]["cell_id"], "ccc");
  EXPECT_EQ(rows[2]["status"], "ok");
}

TEST(CsvAppender, RefusesAnotherSchema) {
  auto path = temp_file("other.csv").string();
  { std::ofstream(path) << "x,y\n1,2\n"; }
  EXPECT_THROW(CsvAppender(path, {"cell_id", "rep"}), std::runtime_error);
}

}  // namespace
}  // namespace gilbench::results
