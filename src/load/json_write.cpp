#include "load/json_write.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>

namespace gilbench::load {

void write_json_value(std::ostream& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out << '{';
      bool first = true;
      for (const auto& [k, e] : v.get_object()) {
        if (!first) out << ',';
        first = false;
        out << boost::json::serialize(boost::json::value(k)) << ':';
        write_json_value(out, e);
      }
      out << '}';
      return;
    }
    case boost::json::kind::array: {
      out << '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out << ',';
        first = false;
        write_json_value(out, e);
      }
      out << ']';
      return;
    }
    case boost::json::kind::double_: {
      const double d = v.get_double();
      out << (std::isfinite(d) ? fmt::format("{}", d) : std::string("null"));
      return;
    }
    default:
      out << boost::json::serialize(v);
  }
}

}  // namespace gilbench::load
