#include "results/series.h"

#include <fmt/format.h>

#include "results/row.h"

namespace gilbench::results {

const std::vector<SettingColumn>& setting_columns() {
  static const std::vector<SettingColumn> cols = {
      {"switch_interval_ms", "si=", &SeriesKey::switch_interval_ms},
      {"queue", "q=", &SeriesKey::queue},
      {"on_full", "full=", &SeriesKey::on_full},
      {"db_offload", "db=", &SeriesKey::db_offload},
      {"server_args", "args=", &SeriesKey::server_args}};
  return cols;
}

SeriesKey series_key(const Row& r) {
  SeriesKey k;
  k.target = text(r, "target");
  k.model = text(r, "model");
  k.engine = text(r, "engine");
  k.workers = static_cast<int>(number(r, "workers").value_or(0));
  for (auto& s : setting_columns()) k.*s.field = text(r, s.column);
  return k;
}

void put_series(Row& r, const SeriesKey& k) {
  r["target"] = k.target;
  r["model"] = k.model;
  r["engine"] = k.engine;
  r["workers"] = std::to_string(k.workers);
  for (auto& s : setting_columns())
    if (!(k.*s.field).empty()) r[s.column] = k.*s.field;
}

std::string series_label(const SeriesKey& k) {
  std::string s = k.target == "gilbench" ? fmt::format("{}/{} w{}", k.model, k.engine, k.workers)
                                         : fmt::format("{} w{}", k.target, k.workers);
  for (auto& c : setting_columns()) {
    std::string v = k.*c.field;
    if (v.empty()) continue;
    if (c.field == &SeriesKey::switch_interval_ms) v += "ms";
    if (c.field == &SeriesKey::server_args) v = "'" + v + "'";
    s += fmt::format(" {}{}", c.prefix, v);
  }
  return s;
}

}  // namespace gilbench::results
