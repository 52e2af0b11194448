#include "app/scenario_preload.hpp"

#include <map>
#include <string_view>
#include <utility>

#include "output/sha256.hpp"

namespace aquifer::app {

ScenarioPreload::ScenarioPreload(const std::string& path) : started_(std::chrono::steady_clock::now()) {
  future_ = std::async(std::launch::async, [this, path] {
    struct Stamp {  // the end of the reading, also when it throws
      std::chrono::steady_clock::time_point& at;
      ~Stamp() { at = std::chrono::steady_clock::now(); }
    } stamp{finished_};
    // Each input is hashed for provenance from the content read, instead of being read again
    // and hashed by rank 0 after the run (38 MB of rasters on the 1M-cell benchmark).
    std::map<std::string, std::string> sha256;
    auto loaded = params::load_scenario(
        path, [&sha256](const std::string& file, std::string_view content) { sha256[file] = output::sha256_hex(content); });
    loaded.input_sha256 = std::move(sha256);
    return loaded;
  });
}

ScenarioPreload::~ScenarioPreload() {
  if (future_.valid()) future_.wait();
}

params::LoadedScenario ScenarioPreload::take() {
  const auto wait_start = std::chrono::steady_clock::now();
  future_.wait();
  waited_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - wait_start).count();
  read_seconds_ = std::chrono::duration<double>(finished_ - started_).count();
  return future_.get();
}

}  // namespace aquifer::app
