#include "results/series.h"

#include <fmt/format.h>

#include "engines/options.h"
#include "models/options.h"
#include "results/row.h"

namespace gilbench::results {

const std::vector<SettingColumn>& setting_columns() {
  static const std::vector<SettingColumn> cols = [] {
    std::vector<SettingColumn> c;
    // The engine options (switch_interval_ms, python, gil) from their one table.
    for (const auto& d : engines::engine_options()) c.push_back({d.key, d.label, d.suffix});
    // The model options (queue, on_full, db_offload) from their one table.
    for (const auto& d : models::model_options()) c.push_back({d.key, d.label, ""});
    c.push_back({"server_args", "args='", "'"});
    return c;
  }();
  return cols;
}

SeriesKey series_key(const Row& r) {
  SeriesKey k;
  k.target = text(r, "target");
  k.model = text(r, "model");
  k.engine = text(r, "engine");
  k.workers = static_cast<int>(number(r, "workers").value_or(0));
  for (auto& s : setting_columns())
    if (auto v = text(r, s.column); !v.empty()) k.settings[s.column] = v;
  return k;
}

void put_series(Row& r, const SeriesKey& k) {
  r["target"] = k.target;
  r["model"] = k.model;
  r["engine"] = k.engine;
  r["workers"] = std::to_string(k.workers);
  for (auto& [column, v] : k.settings) r[column] = v;
}

std::string series_label(const SeriesKey& k) {
  std::string s = k.target == "gilbench" ? fmt::format("{}/{} w{}", k.model, k.engine, k.workers)
                                         : fmt::format("{} w{}", k.target, k.workers);
  for (auto& c : setting_columns())
    if (auto it = k.settings.find(c.column); it != k.settings.end() && !it->second.empty())
      s += fmt::format(" {}{}{}", c.prefix, it->second, c.suffix);
  return s;
}

}  // namespace gilbench::results
