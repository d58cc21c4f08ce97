// Typed reads of one row of results.csv, pool.csv or capacity.csv. An absent
// column and an empty field both mean "not measured" (older files lack newer
// columns; a failed cell leaves figures empty); bad text reads as missing,
// never throws, so a report can always be written.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/csv.h"
#include "results/values.h"

namespace gilbench::results {

// The field's text, "" if the column is absent.
std::string text(const Row& r, const std::string& column);
// The field as a finite number; nullopt if absent, empty or not wholly a number.
std::optional<double> number(const Row& r, const std::string& column);
// A 0/1 flag column (generator_bound, noisy): true for "1" (as written), and
// "true" or "yes" in hand-made files.
bool flag(const Row& r, const std::string& column);
// The value a status/engine/model column names; nullopt for other text.
template <ColumnValue E>
std::optional<E> value(const Row& r, const std::string& column) {
  return parse<E>(text(r, column));
}
inline std::optional<Status> status(const Row& r) { return value<Status>(r, "status"); }

// The cells of a results.csv that were not clean, counted once for every
// section that states them.
struct Tally {
  int degraded = 0, failed = 0, generator_bound = 0;
  bool generator_column = false;  // false for files older than the flag
};
Tally tally(const std::vector<Row>& rows);

}  // namespace gilbench::results
