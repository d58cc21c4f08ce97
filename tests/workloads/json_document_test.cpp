#include "workloads/json/document.h"

#include <gtest/gtest.h>

#include "common/python_ref.h"
#include "workloads/cpu/sha256_chain.h"

namespace gilbench::workloads::json_doc {
namespace {

const std::vector<long> kItems = {1, 2, 7, 11, 100, 1000, 77777};

TEST(JsonDocument, TextBytesAndChecksumEqualPythonJson) {
  auto expected = testing::python_json_roundtrips(kItems);
  for (std::size_t i = 0; i < kItems.size(); ++i) {
    SCOPED_TRACE("items " + std::to_string(kItems[i]));
    const std::string text = document(kItems[i]);
    EXPECT_EQ(to_hex(sha256_chain(text, 1)), expected[i].text_sha256) << text.substr(0, 200);
    const Roundtrip r = roundtrip(kItems[i]);
    EXPECT_EQ(r.bytes, expected[i].bytes);
    EXPECT_EQ(r.checksum, expected[i].checksum);
    EXPECT_EQ(roundtrip_text(kItems[i]),
              std::to_string(expected[i].bytes) + " " + std::to_string(expected[i].checksum));
  }
}

TEST(JsonDocument, TwoItemsSpelledOut) {
  EXPECT_EQ(document(2),
            R"({"items":[{"id":0,"name":"item-0","tags":["t0","t0"],"active":true,"n":0},)"
            R"({"id":1,"name":"item-1","tags":["t1","t1"],"active":false,"n":3}]})");
  // (0 + 0 + 6) + (1 + 3 + 6)
  EXPECT_EQ(roundtrip(2).checksum, 16);
  EXPECT_EQ(roundtrip_text(2), "140 16");
  EXPECT_EQ(roundtrip_text(100), "6812 20490");  // the example in docs/api.md
}

TEST(JsonDocument, RejectsNonPositiveItems) {
  EXPECT_THROW(roundtrip(0), std::invalid_argument);
  EXPECT_THROW(roundtrip(-3), std::invalid_argument);
}

}  // namespace
}  // namespace gilbench::workloads::json_doc
