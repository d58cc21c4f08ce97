// A series: the whole target configuration that a line of a figure, a row of
// a table and a side of a verdict stand for. Targets that differ in any
// server setting are separate series, named apart by their label. The sweep
// builds a key from its TargetSpec (sweep/spec.h) and writes it into
// results.csv; the report reads it back from the row: both label it here.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "results/csv.h"

namespace gilbench::results {

struct SeriesKey {
  std::string target;         // the target column: gilbench, peer:<kind>, or a command's or URL's name
  std::string model, engine;  // free text beyond gilbench's own (values.h)
  int workers = 0;
  // gilbench's server settings that are not the server's default: column ->
  // text as the column holds it. A default setting is absent: no column
  // text, no label text.
  std::map<std::string, std::string> settings;
};

// A server-setting column and how the label shows it: " <prefix><text><suffix>".
struct SettingColumn {
  std::string column, prefix, suffix;
};
// Every setting column, in label order (the switch interval, the model
// options, the extra serve arguments).
const std::vector<SettingColumn>& setting_columns();

// The key of a results.csv (or capacity.csv) row.
SeriesKey series_key(const Row& r);
// Writes the columns series_key reads.
void put_series(Row& r, const SeriesKey& k);

// "threads/python w4", plus every non-default server setting:
// "threads/python w4 si=1ms q=8 full=reject db=inline args='--x 1'";
// another target by its target column: "peer:aiohttp w4".
std::string series_label(const SeriesKey& k);

}  // namespace gilbench::results
