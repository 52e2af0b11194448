#include "compliance/provenance_record.hpp"

#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "aquifer_version.hpp"
#include "output/sha256.hpp"

namespace aquifer::compliance {

std::vector<HashedFile> hash_files(const std::vector<std::string>& paths,
                                   const std::map<std::string, std::string>& known) {
  std::vector<HashedFile> out;
  for (const auto& p : paths) {
    HashedFile f;
    f.path = p;
    f.absolute_path = std::filesystem::absolute(p).lexically_normal().string();
    f.sha256 = output::sha256_file_hex(p, known);
    out.push_back(std::move(f));
  }
  return out;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

ProvenanceRecord make_provenance_record(const params::LoadedScenario& scenario,
                                        const std::vector<std::string>& result_files) {
  ProvenanceRecord p;
  p.software_version = AQUIFER_VERSION;
  p.git_commit = AQUIFER_GIT_COMMIT;
  p.generated_utc = utc_now();
  p.scenario_name = scenario.model.name;
  p.scenario_path = scenario.scenario_path;
  p.inputs = hash_files(scenario.input_files, scenario.input_sha256);
  p.results = hash_files(result_files);
  return p;
}

namespace {

nlohmann::json files_json(const std::vector<HashedFile>& files) {
  auto a = nlohmann::json::array();
  for (const auto& f : files)
    a.push_back({{"path", f.path}, {"absolute_path", f.absolute_path}, {"sha256", f.sha256}});
  return a;
}

std::vector<HashedFile> files_from(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || !j.at(key).is_array())
    throw std::runtime_error(std::string("provenance: missing array \"") + key + "\"");
  std::vector<HashedFile> out;
  for (const auto& e : j.at(key)) {
    if (!e.is_object() || !e.contains("path") || !e.contains("absolute_path") || !e.contains("sha256"))
      throw std::runtime_error(std::string("provenance: an entry of \"") + key +
                               "\" lacks path, absolute_path or sha256");
    out.push_back({e.at("path").get<std::string>(), e.at("absolute_path").get<std::string>(),
                   e.at("sha256").get<std::string>()});
  }
  return out;
}

}  // namespace

nlohmann::json to_json(const ProvenanceRecord& p) {
  return {{"software_version", p.software_version}, {"git_commit", p.git_commit},
          {"generated", p.generated_utc},           {"scenario", p.scenario_name},
          {"scenario_path", p.scenario_path},       {"input_files", files_json(p.inputs)},
          {"result_files", files_json(p.results)}};
}

ProvenanceRecord provenance_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("provenance: expected a JSON object");
  ProvenanceRecord p;
  try {
    p.software_version = j.at("software_version").get<std::string>();
    p.git_commit = j.at("git_commit").get<std::string>();
    p.generated_utc = j.at("generated").get<std::string>();
    p.scenario_name = j.at("scenario").get<std::string>();
    p.scenario_path = j.at("scenario_path").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("provenance: ") + e.what());
  }
  p.inputs = files_from(j, "input_files");
  p.results = files_from(j, "result_files");
  return p;
}

std::vector<FileCheck> check_files(const std::vector<HashedFile>& files) {
  std::vector<FileCheck> out;
  for (const auto& f : files) {
    FileCheck c;
    c.recorded = f;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f.absolute_path, ec)) {
      c.state = FileCheck::State::missing;
    } else {
      try {
        c.sha256_now = output::sha256_file_hex(f.absolute_path);
        c.state = c.sha256_now == f.sha256 ? FileCheck::State::same : FileCheck::State::changed;
      } catch (const std::exception&) {
        c.state = FileCheck::State::missing;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace aquifer::compliance
