// A fake engine worker (gmock) for unit tests of workloads and the handler:
// no engine, no store, no interpreter.
#pragma once

#include <gmock/gmock.h>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "engines/engine.h"

namespace gilbench::workloads {

class FakeWorker : public engines::Worker {
 public:
  MOCK_METHOD(std::string, call, (const engines::Call& c), (override));
  MOCK_METHOD(std::optional<std::string>, lookup, (std::string_view key), (override));
  MOCK_METHOD(void, block_wait, (std::chrono::microseconds d), (override));
  MOCK_METHOD(std::int64_t, key_count, (), (const, override));
  MOCK_METHOD(std::optional<std::chrono::nanoseconds>, take_gil_wait, (), (override));

  // Every call() answers `result` and is written down as Python would
  // spell it, "cpu(b'gilbench', 80000)", in the returned list.
  std::shared_ptr<std::vector<std::string>> record_calls(std::string result) {
    auto calls = std::make_shared<std::vector<std::string>>();
    ON_CALL(*this, call(testing::_)).WillByDefault([calls, result](const engines::Call& c) {
      std::string args;
      for (const auto& a : c.args) {
        if (!args.empty()) args += ", ";
        if (auto* s = std::get_if<std::string_view>(&a)) args += fmt::format("b'{}'", *s);
        else if (auto* i = std::get_if<std::int64_t>(&a)) args += std::to_string(*i);
        else args += fmt::format("{}", std::get<double>(a));
      }
      calls->push_back(fmt::format("{}({})", c.python, args));
      return result;
    });
    EXPECT_CALL(*this, call(testing::_)).Times(testing::AnyNumber());
    return calls;
  }
};

}  // namespace gilbench::workloads
