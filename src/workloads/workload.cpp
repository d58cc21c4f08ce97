#include "workloads/workload.h"

#include "workloads/fields.h"

namespace gilbench::workloads {

std::string Workload::body(const Values& v, std::optional<std::int64_t>) const {
  std::string out = "{\"mode\":" + fields::quoted(name());
  for (const auto& f : fields()) {
    auto it = v.find(f.name);
    if (it == v.end() || it->second.empty()) continue;
    out += ",\"" + std::string(f.name) + "\":";
    // Values are checked text (registry.h, complete()): numbers go as written.
    out += f.type == Field::Type::text ? fields::quoted(it->second) : it->second;
  }
  return out + "}";
}

std::string Workload::label(const Values& v) const {
  std::string out(name());
  for (const auto& f : fields()) {
    if (!f.column) continue;
    auto it = v.find(f.name);
    if (it != v.end() && !it->second.empty()) out += " " + std::string(f.name) + "=" + it->second;
  }
  return out;
}

}  // namespace gilbench::workloads
