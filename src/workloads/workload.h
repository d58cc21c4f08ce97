// The workload axis: what a /score request asks the server to do, chosen by
// the request's `mode` as a model is chosen by --model and an engine by
// --engine. Each workload lives in its own folder (src/workloads/<name>/)
// and owns everything about itself: its fields and their validation, its
// wait and its run on an engine worker, its answer's fields, the body the
// load generator sends and its label. Nothing outside that folder branches
// on a workload's name (docs/architecture.md, "Adding a workload").
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>

#include "api/error.h"
#include "api/limits.h"
#include "engines/engine.h"

namespace boost::json {
class object;
}

namespace gilbench::workloads {

using Rng = std::mt19937_64;

// A request's validated fields; each workload derives its own.
struct Params {
  virtual ~Params() = default;
};

// What a request mostly does, which is all a model needs to know to place it:
// `cpu` holds a core (offload sends it to the pool); `io` waits and then
// reads the store (async may read on a database thread); `none` neither.
enum class Kind { cpu, io, none };

// One field a client may set. The same name is the JSON member, the
// experiment-file key, the results.csv column and (with '-' for '_') the
// flag of `gilbench load` and `gilbench pool`.
struct Field {
  enum class Type { integer, number, text };
  std::string_view name;
  Type type = Type::integer;
  std::string_view fallback;  // the default, as text; "" for none (e.g. io's key)
  std::string_view help;
  bool column = true;  // a results.csv column (false: e.g. cpu's seed)
  // false: not a flag or experiment key, the load generator sets it per
  // request (io's key).
  bool settable = true;
};

// Field values as text, by name: what a CLI flag or an experiment file gives.
using Values = std::map<std::string, std::string, std::less<>>;

// Time measured where the work ran, when that is another process (offload).
struct Remote {
  int pid = 0;
  std::int64_t service_us = 0;
  std::int64_t ipc_us = 0;
  std::chrono::steady_clock::time_point sent;  // when the loop handed it over
};

// What running one request produced: the answer's own fields or an error.
struct Outcome {
  int status = 200;
  // The answer's members as JSON without braces: "\"digest\":\"ab..\",\"iters\":5".
  std::string fields;
  api::ApiError error;  // when status != 200
  // Time the engine waited to take the GIL (engines::Worker::take_gil_wait);
  // nullopt for an engine without a GIL.
  std::optional<std::chrono::nanoseconds> gil_wait;
  std::optional<Remote> remote;

  static Outcome failure(api::ApiError e) {
    Outcome o;
    o.status = e.status;
    o.error = std::move(e);
    return o;
  }
};

// parse(): the params, or the error to answer with.
struct Parsed {
  std::shared_ptr<const Params> params;
  api::ApiError error;
};

class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string_view name() const = 0;
  virtual Kind kind() const = 0;
  virtual std::span<const Field> fields() const = 0;

  // Reads this workload's fields from a /score body (its `mode` already
  // matched); unknown members are ignored so clients may annotate requests.
  virtual Parsed parse(const boost::json::object& body, const api::Limits& limits) const = 0;
  // The work these params ask for, in bytes fed to SHA-256, each call
  // counted as at least one 64-byte block; checked against
  // Limits::max_work_bytes at parse time. 0: bounded by the fields' ranges.
  virtual std::int64_t work_bytes(const Params&) const { return 0; }
  // The wait before the work (io); drawn once per request.
  virtual std::chrono::microseconds wait(const Params&, Rng&) const { return {}; }
  // The work, on an engine worker, after the wait.
  virtual Outcome run(const Params& p, engines::Worker& w, Rng& rng) const = 0;

  // The body of a request with these values (defaults filled in). For a
  // keyed() workload, `key_rank` is the key the load generator drew; without
  // one the server draws a key itself.
  virtual std::string body(const Values& v, std::optional<std::int64_t> key_rank = std::nullopt) const;
  virtual bool keyed() const { return false; }
  // The label of a workload with these values: "cpu iters=80000".
  virtual std::string label(const Values& v) const;
};

}  // namespace gilbench::workloads
