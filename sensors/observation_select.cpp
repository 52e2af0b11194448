#include "sensors/observation_select.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "params/load_scenario.hpp"

namespace aquifer::sensors {

ObservationReadOptions raw_read_options(const ObservationReadOptions& well) {
  ObservationReadOptions raw;
  raw.time_format = well.time_format;
  raw.utc_offset_min = well.utc_offset_min;
  raw.valid_min_m = -std::numeric_limits<double>::infinity();
  raw.valid_max_m = std::numeric_limits<double>::infinity();
  return raw;
}

ObservationSet select_series(const ObservationSet& raw, const ObservationReadOptions& opt) {
  const std::string file = raw.series.empty() ? "" : raw.series.front().file;
  const ObservationSeries* from = nullptr;
  for (const std::string& name : {opt.column, opt.well_id}) {
    if (from || name.empty()) continue;
    for (const auto& s : raw.series) {
      if (s.well_id == name) from = &s;
    }
    if (!from && name == opt.column) break;  // a named column must exist
  }
  if (!from && opt.column.empty() && raw.series.size() == 1) from = &raw.series.front();
  if (!from) {
    const std::string wanted = opt.column.empty() ? opt.well_id : opt.column;
    std::string names;
    for (const auto& r : raw.series) names += (names.empty() ? "\"" : ", \"") + r.well_id + "\"";
    throw params::InputError({{file, 1, 1, "no column \"" + wanted + "\" in this file; its "
                                           "columns (or wells) are " + names +
                                           "; expected `column = ...` naming the well's series"}});
  }
  ObservationSet out;
  ObservationSeries s = *from;
  s.well_id = opt.well_id.empty() ? from->well_id : opt.well_id;
  for (const auto& i : raw.issues) {
    if (i.well_id.empty() || i.well_id == from->well_id) {
      out.issues.push_back(i);
      if (!i.well_id.empty()) out.issues.back().well_id = s.well_id;
    }
  }
  for (std::size_t k = 0; k < s.head.size(); ++k) {
    if (std::isnan(s.head[k])) continue;
    double offset = opt.datum_offset_m;
    for (const auto& rc : opt.reference_changes) {
      if (s.t[k] >= rc.from_epoch_d) offset = rc.datum_offset_m;
    }
    s.head[k] = s.head[k] * opt.unit_to_m + offset;
    if (!(s.head[k] >= opt.valid_min_m && s.head[k] <= opt.valid_max_m)) {
      out.issues.push_back({s.file, s.line[k], s.well_id, "out_of_range",
                            "head " + std::to_string(s.head[k]) +
                                " m is outside the plausible range [" +
                                std::to_string(opt.valid_min_m) + ", " +
                                std::to_string(opt.valid_max_m) + "] m; kept, flagged"});
    }
  }
  std::stable_sort(out.issues.begin(), out.issues.end(),
                   [](const DataIssue& a, const DataIssue& b) { return a.line < b.line; });
  out.series.push_back(std::move(s));
  if (opt.strict && !out.issues.empty()) {
    std::vector<params::InputProblem> problems;
    for (const auto& i : out.issues) {
      problems.push_back({i.file, i.line, 0,
                          (i.well_id.empty() ? "" : "well \"" + i.well_id + "\": ") + i.message +
                              " [" + i.kind + "; strict mode]"});
    }
    throw params::InputError(std::move(problems));
  }
  return out;
}

}  // namespace aquifer::sensors
