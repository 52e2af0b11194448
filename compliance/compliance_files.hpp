// compliance.json, compliance.csv and provenance.json (docs/outputs.md; schema in
// compliance/schema/compliance.schema.json), each written under a temporary name and renamed
// into place when complete.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "compliance/provenance_record.hpp"
#include "compliance/rules_engine.hpp"

namespace aquifer::compliance {

// The compliance.json document.
[[nodiscard]] nlohmann::json compliance_json(const std::string& scenario_name,
                                             const ProvenanceRecord& provenance,
                                             const std::vector<Result>& results);
// compliance.csv text: header + one row per holder and fiscal year.
[[nodiscard]] std::string compliance_csv(const std::vector<Result>& results);

// Writes `text` to dir/name atomically; throws std::runtime_error on failure.
void write_text_file(const std::string& dir, const std::string& name, const std::string& text);

// compliance.json, compliance.csv and provenance.json into `dir`.
void write_compliance_files(const std::string& dir, const std::string& scenario_name,
                            const ProvenanceRecord& provenance, const std::vector<Result>& results);

}  // namespace aquifer::compliance
