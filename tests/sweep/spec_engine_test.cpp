// Engine names and engine options (python, gil, switch_interval_ms) in an
// experiment file: checked where the file is read, with the key and line,
// and expanded into targets that each take only what their engine reads.
#include <gtest/gtest.h>

#include "sweep/spec.h"
#include "sweep/spec_error.h"

namespace gilbench::sweep {
namespace {

using test::error_of;

std::string with_target(const std::string& target_lines) {
  return "name = \"e\"\n[[target]]\nmodel = \"threads\"\n" + target_lines + "[[workload]]\nmode = \"noop\"\n";
}

TEST(SpecEngines, AMisspeltEngineIsAnErrorWithItsKeyAndLine) {
  EXPECT_EQ(error_of(with_target("engine = [\"native\", \"pyhton\"]\n")),
            "x.toml:4: key 'target[0].engine': 'pyhton' is not one of native, python");
}

TEST(SpecEngines, PythonAndGilExpandOverPythonTargetsOnly) {
  auto e = parse_experiment(with_target("engine = [\"native\", \"python\"]\n"
                                        "python = [\"/usr/bin/python3\", \"/usr/bin/python3.11\"]\n"),
                            "x.toml");
  ASSERT_EQ(e.targets.size(), 3u);  // native once (it reads no python), python twice
  EXPECT_EQ(e.targets[0].label(), "threads/native w4");
  EXPECT_TRUE(e.targets[0].args.empty());
  EXPECT_EQ(e.targets[1].label(), "threads/python w4 py=/usr/bin/python3");
  EXPECT_EQ(e.targets[1].args, (std::vector<std::string>{"--python", "/usr/bin/python3"}));
  EXPECT_EQ(e.targets[2].series_key().settings.at("python"), "/usr/bin/python3.11");
}

TEST(SpecEngines, WhatTheInterpreterCannotRunIsAnErrorOnItsKey) {
  EXPECT_EQ(error_of(with_target("engine = \"python\"\ngil = \"off\"\n")),
            "x.toml:5: key 'target[0].gil': --gil off needs a free-threaded interpreter; /usr/bin/python3.11 "
            "(3.11) is not one");
  EXPECT_EQ(error_of(with_target("engine = \"python\"\npython = \"/nonexistent/python3\"\n")),
            "x.toml:5: key 'target[0].python': --python: '/nonexistent/python3' does not exist");
  EXPECT_EQ(error_of(with_target("engine = \"python\"\ngil = \"maybe\"\n")),
            "x.toml:5: key 'target[0].gil': 'maybe' is not on, off or default");
  EXPECT_EQ(error_of(with_target("engine = \"python\"\npython = 3\n")),
            "x.toml:5: key 'target[0].python': expected a string or an array of strings");
  // An option no engine of the target reads says so rather than vanish.
  EXPECT_EQ(error_of(with_target("engine = \"native\"\ngil = \"on\"\n")),
            "x.toml:5: key 'target[0].gil': read by the python engine only; this target runs native");
}

}  // namespace
}  // namespace gilbench::sweep
