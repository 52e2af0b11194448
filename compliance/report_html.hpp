// report.html: one self-contained file (inline CSS and SVG, no script, no network), readable on
// a phone and printable. Sections: scenario summary, compliance table (status as text and
// colour), obligation vs credits chart, water budget, head map, hydrographs, anomaly list,
// provenance (embedded machine-readably for `aquifer verify-report`).
#pragma once

#include <string>
#include <vector>

#include "compliance/provenance_record.hpp"
#include "compliance/report_svg.hpp"
#include "compliance/rules_engine.hpp"
#include "compliance/run_results.hpp"
#include "params/load_scenario.hpp"

namespace aquifer::compliance {

struct ReportInputs final {
  const params::LoadedScenario* scenario = nullptr;
  const RunResults* run = nullptr;
  const std::vector<Result>* compliance = nullptr;
  const ProvenanceRecord* provenance = nullptr;
  std::vector<HydrographSeries> hydrographs;  // empty: "no observation wells"
};

[[nodiscard]] std::string render_report(const ReportInputs& in);

// The id of the <script type="application/json"> element that holds the provenance record.
inline constexpr const char* kProvenanceElementId = "aquifer-provenance";
// The provenance JSON embedded in a report's text; throws std::runtime_error when absent.
[[nodiscard]] std::string embedded_provenance(const std::string& html);

}  // namespace aquifer::compliance
