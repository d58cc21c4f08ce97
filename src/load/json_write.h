// JSON output for people as well as parsers: Boost.JSON 1.81 prints every
// double in exponent form (2.339678E5); this writer prints them as fmt's
// shortest round-trip decimal instead.
#pragma once

#include <boost/json/value.hpp>
#include <ostream>

namespace gilbench::load {

void write_json_value(std::ostream& out, const boost::json::value& v);

}  // namespace gilbench::load
