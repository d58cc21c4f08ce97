#include "engines/native/native_engine.h"

#include <thread>

#include "store/kv_store.h"

namespace gilbench::engines {
namespace {

class NativeWorker final : public Worker {
 public:
  explicit NativeWorker(const std::string& db) : store_(db) {}
  std::string call(const Call& c) override { return c.native(); }
  std::optional<std::string> lookup(std::string_view key) override { return store_.get(key); }
  void block_wait(std::chrono::microseconds d) override { std::this_thread::sleep_for(d); }
  std::int64_t key_count() const override { return store_.key_count(); }

 private:
  store::KvStore store_;
};

class NativeEngine final : public Engine {
 public:
  explicit NativeEngine(EngineConfig cfg) : cfg_(std::move(cfg)) {
    store::KvStore probe(cfg_.db_path);  // fail at start-up, not on the first request
  }
  std::string_view name() const override { return "native"; }
  std::unique_ptr<Worker> make_worker() override {
    return std::make_unique<NativeWorker>(cfg_.db_path);
  }

 private:
  EngineConfig cfg_;
};

}  // namespace

std::unique_ptr<Engine> make_native_engine(const EngineConfig& cfg) {
  return std::make_unique<NativeEngine>(cfg);
}

}  // namespace gilbench::engines
