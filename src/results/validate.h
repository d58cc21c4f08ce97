// Reading a results.csv that may have been damaged or edited: every row is
// checked before a report trusts it. A row that cannot be trusted (torn,
// a number column holding text, a negative, NaN or infinite figure, an
// unknown status, a second row for the same cell and repetition) is left
// out with a warning naming the file, the line and the column. A file that
// is not a results.csv at all (empty, binary, no header naming cell_id, rep
// and status) is refused.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "results/csv.h"

namespace gilbench::results {

struct CheckedRows {
  std::vector<Row> rows;              // the rows that passed, in file order
  std::vector<std::string> warnings;  // one per row left out: "<file> line N, column C: why; row left out"
  std::size_t left_out = 0;           // rows left out (== warnings.size())
};

// Throws std::runtime_error ("<file> is not a results.csv: why") for a file
// that is not one; never for a bad row.
CheckedRows read_checked_results(const std::string& path);

// The same checks on text already read (`name` is used in the messages).
CheckedRows check_results_text(const std::string& name, const std::string& text);

// The columns of results.csv that hold a count, a time or a rate: each must
// be empty or a finite number >= 0.
bool is_figure_column(const std::string& column);

}  // namespace gilbench::results
