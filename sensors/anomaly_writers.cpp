#include "sensors/anomaly_writers.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "output/atomic_file.hpp"
#include "params/calendar.hpp"

namespace aquifer::sensors {
namespace {

std::string csv_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double v) {
  if (!std::isfinite(v)) return "";
  char s[40];
  std::snprintf(s, sizeof s, "%.6g", v);
  return s;
}

void put(std::FILE* f, const std::string& text) {
  if (std::fputs(text.c_str(), f) == EOF) throw std::runtime_error("write failed");
}

}  // namespace

void write_anomalies_csv(const std::string& path, const std::vector<const Anomaly*>& events) {
  output::AtomicFile file(path);
  put(file.stream(), "well_id,kind,severity,start,end,n_points,value,expected,detail\n");
  for (const Anomaly* a : events) {
    std::string row = csv_quoted(a->well_id) + "," + std::string(kind_name(a->kind)) + "," +
                      std::string(severity_name(a->severity)) + "," +
                      params::format_iso8601(a->start_d, a->utc_offset_min) + "," +
                      params::format_iso8601(a->end_d, a->utc_offset_min) + "," +
                      std::to_string(a->n_points) + "," + number(a->value) + "," +
                      number(a->expected) + "," + csv_quoted(a->detail) + "\n";
    put(file.stream(), row);
  }
  file.commit();
}

void write_anomalies_json(const std::string& path, const std::vector<const Anomaly*>& events) {
  nlohmann::json rows = nlohmann::json::array();
  for (const Anomaly* a : events) {
    nlohmann::json row;
    row["well_id"] = a->well_id;
    row["kind"] = std::string(kind_name(a->kind));
    row["severity"] = std::string(severity_name(a->severity));
    row["start"] = params::format_iso8601(a->start_d, a->utc_offset_min);
    row["end"] = params::format_iso8601(a->end_d, a->utc_offset_min);
    row["n_points"] = a->n_points;
    row["value"] = std::isfinite(a->value) ? nlohmann::json(a->value) : nlohmann::json(nullptr);
    row["expected"] =
        std::isfinite(a->expected) ? nlohmann::json(a->expected) : nlohmann::json(nullptr);
    row["detail"] = a->detail;
    rows.push_back(std::move(row));
  }
  output::AtomicFile file(path);
  put(file.stream(), rows.dump(1) + "\n");
  file.commit();
}

void write_cleaned_series(const std::string& path, const ObservationSet& observations,
                          const MonitoringResult& result, CleanMode mode) {
  output::AtomicFile file(path);
  put(file.stream(), "well_id,time,head,flag\n");
  std::string row;
  for (std::size_t s = 0; s < observations.series.size(); ++s) {
    const auto& series = observations.series[s];
    const auto& res = result.series[s];
    const std::vector<int> fault_event = fault_event_of_readings(res, series.t.size());
    const std::string id = csv_quoted(series.well_id);
    for (std::size_t i = 0; i < series.t.size(); ++i) {
      const int e = fault_event[i];
      const bool missing = !std::isfinite(series.head[i]);
      if (mode == CleanMode::removed && (e >= 0 || missing)) continue;
      row = id + "," + params::format_iso8601(series.t[i], series.utc_offset_min) + ",";
      if (!missing) {
        char v[40];
        std::snprintf(v, sizeof v, "%.4f", series.head[i]);
        row += v;
      }
      row += ",";
      if (e >= 0) row += std::string(kind_name(res.anomalies[e].kind));
      row += "\n";
      put(file.stream(), row);
    }
  }
  file.commit();
}

}  // namespace aquifer::sensors
