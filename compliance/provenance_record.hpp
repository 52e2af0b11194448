// What a compliance verdict was made from: software version and commit, and the SHA-256 of
// every input file (scenario, data files, metered and credit records) and of the run's result
// files it read. Written as provenance.json beside report.html and embedded in the report, so
// that `aquifer verify-report DIR` can tell whether the inputs on disk are still those.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "params/load_scenario.hpp"

namespace aquifer::compliance {

struct HashedFile final {
  std::string path;           // as the scenario named it (relative paths as resolved then)
  std::string absolute_path;  // where verify-report looks for it
  std::string sha256;         // 64 lower-case hex digits
};

struct ProvenanceRecord final {
  std::string software_version;
  std::string git_commit;
  std::string generated_utc;  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string scenario_name;
  std::string scenario_path;
  std::vector<HashedFile> inputs;   // scenario first
  std::vector<HashedFile> results;  // accounting.csv, budget.csv, heads.h5 of the run
};

// Hashes the files (throws std::runtime_error when one cannot be read).
// `known`: digests already computed for some paths (params::LoadedScenario::input_sha256).
[[nodiscard]] std::vector<HashedFile> hash_files(const std::vector<std::string>& paths,
                                                 const std::map<std::string, std::string>& known = {});
[[nodiscard]] ProvenanceRecord make_provenance_record(const params::LoadedScenario& scenario,
                                                      const std::vector<std::string>& result_files);
// Current UTC time "YYYY-MM-DDTHH:MM:SSZ".
[[nodiscard]] std::string utc_now();

[[nodiscard]] nlohmann::json to_json(const ProvenanceRecord& p);
// Throws std::runtime_error naming the first missing or malformed field.
[[nodiscard]] ProvenanceRecord provenance_from_json(const nlohmann::json& j);

// One file's state on disk now compared with the record.
struct FileCheck final {
  HashedFile recorded;
  enum class State { same, changed, missing } state = State::same;
  std::string sha256_now;  // empty when missing
};
[[nodiscard]] std::vector<FileCheck> check_files(const std::vector<HashedFile>& files);

}  // namespace aquifer::compliance
