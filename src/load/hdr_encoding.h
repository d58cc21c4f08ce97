// HdrHistogram's compressed histogram encoding (V2, DEFLATE), the form in
// which its interval logs carry a histogram: what wrk2 users, HdrHistogram's
// HistogramLogProcessor and the HdrHistogram libraries read. Our Histogram's
// slots are HdrHistogram's for lowestDiscernibleValue 1 µs,
// highestTrackableValue 60 s and 3 significant digits, so the counts go out
// slot for slot and come back unchanged: nothing is lost in the counts. What
// the encoding cannot carry (the exact sum, sum of squares, min and clamped
// count) travels beside it; see load/result_log.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "load/histogram.h"

namespace gilbench::load::hdr {

// The base64 text of the compressed encoding (it starts with "HISTF").
std::string encode(const Histogram& h);
// The slot counts of an encoded histogram written with our parameters
// (lowest 1, highest 60 s, 3 digits); throws std::invalid_argument naming
// what is wrong (not base64, bad cookie, corrupt data, other parameters).
std::vector<std::uint64_t> decode_counts(std::string_view base64);

std::string base64_encode(const std::string& bytes);
// Throws std::invalid_argument on a character outside the alphabet.
std::string base64_decode(std::string_view text);

}  // namespace gilbench::load::hdr
