// The typed status, engine and model columns: every value survives a round
// trip through its column text, and text that names none is rejected.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "models/registry.h"
#include "results/row.h"
#include "results/values.h"

namespace gilbench::results {
namespace {

TEST(ResultValues, StatusRoundTripsThroughItsColumnText) {
  EXPECT_EQ(to_string(Status::ok), "ok");
  EXPECT_EQ(to_string(Status::degraded), "degraded");
  EXPECT_EQ(to_string(Status::failed), "failed");
  for (Status s : {Status::ok, Status::degraded, Status::failed}) EXPECT_EQ(parse<Status>(to_string(s)), s);
}

TEST(ResultValues, EngineAndModelRoundTrip) {
  EXPECT_EQ(parse<Engine>("native"), Engine::native);
  EXPECT_EQ(parse<Engine>("python"), Engine::python);
  EXPECT_EQ(to_string(Engine::python), "python");
  const std::vector<std::pair<Model, std::string>> models = {
      {Model::threads, "threads"}, {Model::async, "async"}, {Model::procs, "procs"}, {Model::offload, "offload"}};
  for (auto& [m, text] : models) {
    EXPECT_EQ(to_string(m), text);
    EXPECT_EQ(parse<Model>(text), m);
  }
}

// The models the report reasons about are models gilbench serves: a renamed
// or removed model must not leave the verdicts looking for a name no row has.
TEST(ResultValues, EveryModelIsARegisteredModel) {
  for (Model m : {Model::threads, Model::async, Model::procs, Model::offload})
    EXPECT_NE(models::find_model(to_string(m)), nullptr) << to_string(m);
}

TEST(ResultValues, TextThatNamesNoValueIsRejected) {
  for (const char* bad : {"", "OK", "ok ", " ok", "fail", "found", "not_found", "generator_bound"})
    EXPECT_EQ(parse<Status>(bad), std::nullopt) << "'" << bad << "'";
  for (const char* bad : {"", "Python", "pypy", "nativ", "threads"})
    EXPECT_EQ(parse<Engine>(bad), std::nullopt) << "'" << bad << "'";
  // A peer's or a command's model column is free text: it names no Model.
  for (const char* bad : {"", "aiohttp", "gunicorn", "thread", "process", "python"})
    EXPECT_EQ(parse<Model>(bad), std::nullopt) << "'" << bad << "'";
}

TEST(ResultValues, NamesComparesTypedAndFormatsAsTheColumnText) {
  EXPECT_TRUE(names("procs", Model::procs));
  EXPECT_FALSE(names("procs", Model::threads));
  EXPECT_FALSE(names("peer:aiohttp", Model::async));
  EXPECT_EQ(fmt::format("{}/{} [{:>8}]", Model::offload, Engine::native, Status::ok), "offload/native [      ok]");
}

TEST(ResultRow, TypedReadsTreatAbsentEmptyAndBadTextAsMissing) {
  const Row r{{"status", "degraded"}, {"engine", "python"}, {"workers", "4"}, {"lat_p99_us", ""},
              {"cpu_util", "1.5x"}, {"rss_kb", "inf"}, {"generator_bound", "1"}, {"noisy", "0"}};
  EXPECT_EQ(status(r), Status::degraded);
  EXPECT_EQ(value<Engine>(r, "engine"), Engine::python);
  EXPECT_EQ(value<Model>(r, "model"), std::nullopt) << "absent";
  EXPECT_EQ(status(Row{{"status", "found"}}), std::nullopt);
  EXPECT_EQ(number(r, "workers"), 4.0);
  EXPECT_EQ(number(r, "lat_p99_us"), std::nullopt) << "empty";
  EXPECT_EQ(number(r, "cpu_util"), std::nullopt) << "not wholly a number";
  EXPECT_EQ(number(r, "rss_kb"), std::nullopt) << "not finite";
  EXPECT_EQ(number(r, "absent"), std::nullopt);
  EXPECT_EQ(text(r, "engine"), "python");
  EXPECT_EQ(text(r, "absent"), "");
  EXPECT_TRUE(flag(r, "generator_bound"));
  EXPECT_FALSE(flag(r, "noisy"));
  EXPECT_FALSE(flag(r, "absent"));
}

TEST(ResultRow, TallyCountsUncleanCellsAndNoticesTheGeneratorColumn) {
  const std::vector<Row> rows = {{{"status", "ok"}, {"generator_bound", "0"}},
                                 {{"status", "ok"}, {"generator_bound", "1"}},
                                 {{"status", "degraded"}, {"generator_bound", "1"}},
                                 {{"status", "failed"}, {"generator_bound", ""}},
                                 {{"status", "failed"}}};
  const Tally t = tally(rows);
  EXPECT_EQ(t.degraded, 1);
  EXPECT_EQ(t.failed, 2);
  EXPECT_EQ(t.generator_bound, 2);
  EXPECT_TRUE(t.generator_column);
  EXPECT_FALSE(tally({{{"status", "ok"}}}).generator_column) << "a file older than the flag";
}

}  // namespace
}  // namespace gilbench::results
