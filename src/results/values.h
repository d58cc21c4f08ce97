// The typed values of results.csv's status, engine and model columns
// (docs/csv-schema.md). Rows stay text on disk; code that decides something
// from these columns parses them here instead of comparing strings, so a
// typo is a compile error and an unknown value is visible as nullopt.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace gilbench::results {

// ok: clean; degraded: answered, but too many requests failed or a worker
// died; failed: no 2xx answer at all. pool.csv uses ok and failed only.
enum class Status { ok, degraded, failed };
// capacity.csv's status: the bisection found a rate meeting the objective,
// found none, or could not run.
enum class CapacityStatus { found, not_found, failed };
enum class Engine { native, python };
// The gilbench models the report's rules name (each is in the model
// registry, models/registry.h: a test checks it). A peer's, a command's or a
// URL's model column is free text that names no Model (parse gives
// nullopt), so it stays a string where it is shown.
enum class Model { threads, async, procs, offload };

// The column text of each value, in enum order.
template <class E>
struct Names;
template <>
struct Names<Status> {
  static constexpr std::array<std::string_view, 3> text{"ok", "degraded", "failed"};
};
template <>
struct Names<CapacityStatus> {
  static constexpr std::array<std::string_view, 3> text{"found", "not_found", "failed"};
};
template <>
struct Names<Engine> {
  static constexpr std::array<std::string_view, 2> text{"native", "python"};
};
template <>
struct Names<Model> {
  static constexpr std::array<std::string_view, 4> text{"threads", "async", "procs", "offload"};
};

template <class E>
concept ColumnValue = requires { Names<E>::text; };

template <ColumnValue E>
constexpr std::string_view to_string(E v) {
  return Names<E>::text[static_cast<std::size_t>(v)];
}

// The value `text` names exactly (case matters, as in the files); nullopt for
// anything else, including "".
template <ColumnValue E>
constexpr std::optional<E> parse(std::string_view text) {
  for (std::size_t i = 0; i < Names<E>::text.size(); ++i)
    if (Names<E>::text[i] == text) return static_cast<E>(i);
  return std::nullopt;
}

// Whether a column's text names `v`: the typed form of `model == "procs"`.
template <ColumnValue E>
constexpr bool names(std::string_view text, E v) {
  return parse<E>(text) == v;
}

}  // namespace gilbench::results

// fmt prints a value as its column text, so labels built with "{}" read the
// same as the files.
template <gilbench::results::ColumnValue E>
struct fmt::formatter<E, char> : fmt::formatter<std::string_view, char> {
  template <class Ctx>
  auto format(E v, Ctx& ctx) const {
    return fmt::formatter<std::string_view, char>::format(gilbench::results::to_string(v), ctx);
  }
};
