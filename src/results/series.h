// A series: the whole target configuration that a line of a figure, a row of
// a table and a side of a verdict stand for. Targets that differ in any
// server setting are separate series, named apart by their label. The sweep
// builds a key from its TargetSpec (sweep/spec.h) and writes it into
// results.csv; the report reads it back from the row: both label it here.
#pragma once

#include <string>
#include <vector>

#include "results/csv.h"

namespace gilbench::results {

struct SeriesKey {
  std::string target;         // the target column: gilbench, peer:<kind>, or a command's or URL's name
  std::string model, engine;  // free text beyond gilbench's own (values.h)
  int workers = 0;
  // gilbench's server settings as their columns hold them; "" is the
  // server's default and stays out of the label.
  std::string switch_interval_ms, queue, on_full, db_offload, server_args;
};

// A setting column, its label prefix and its field, in label order.
struct SettingColumn {
  const char* column;
  const char* prefix;
  std::string SeriesKey::*field;
};
const std::vector<SettingColumn>& setting_columns();

// The key of a results.csv (or capacity.csv) row.
SeriesKey series_key(const Row& r);
// Writes the columns series_key reads (settings only when not default).
void put_series(Row& r, const SeriesKey& k);

// "threads/python w4", plus every non-default server setting:
// "threads/python w4 si=1ms q=8 full=reject db=inline args='--x 1'";
// another target by its target column: "peer:aiohttp w4".
std::string series_label(const SeriesKey& k);

}  // namespace gilbench::results
