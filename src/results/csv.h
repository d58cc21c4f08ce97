// results.csv: the columns (docs/csv-schema.md is the contract, checked by a
// test), RFC 4180 quoting, and an append-only writer that never leaves a torn
// or duplicated row (each row is one write(2) followed by fsync).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gilbench::results {

// Column names of results.csv in order; the header line is these joined by ','.
const std::vector<std::string>& result_columns();

// A row keyed by column name; columns left out are written empty.
using Row = std::map<std::string, std::string>;

std::string csv_escape(std::string_view field);
// Splits one CSV line (no trailing newline) into fields, honouring quotes.
std::vector<std::string> csv_split(std::string_view line);
// The line for `row` in `columns` order, with the trailing '\n'. Throws
// std::logic_error for a key that is not a column (a bug, not bad input).
std::string csv_line(const std::vector<std::string>& columns, const Row& row);

// Reads a whole CSV file into rows keyed by its header. Lines that do not
// have the header's field count (a torn last line) are skipped.
std::vector<Row> read_csv(const std::string& path);

// Resume key of a cell: cell_id and rep.
using CellKey = std::pair<std::string, int>;

// Opens (creating if needed) an append-only CSV file with a fixed header.
// On open, an existing file is repaired: a trailing partial line (the process
// died mid-write) is cut off, and a header that differs from `columns` is an
// error, since rows of another schema cannot be mixed in.
class CsvAppender {
 public:
  CsvAppender(std::string path, std::vector<std::string> columns);
  ~CsvAppender();
  CsvAppender(const CsvAppender&) = delete;
  CsvAppender& operator=(const CsvAppender&) = delete;

  // Writes one row and fsyncs it. Throws results::WriteError (naming the
  // file and the OS error) on I/O failure, after cutting off what part of
  // the row was written.
  void append(const Row& row);
  // (cell_id, rep) of every row already in the file.
  const std::set<CellKey>& done() const { return done_; }
  // Bytes cut off a torn last line when the file was opened (0 if none).
  std::size_t repaired_bytes() const { return repaired_; }

 private:
  std::string path_;
  std::vector<std::string> columns_;
  int fd_ = -1;
  std::set<CellKey> done_;
  std::size_t repaired_ = 0;
};

}  // namespace gilbench::results
