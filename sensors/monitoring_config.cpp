#include "sensors/monitoring_config.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "params/problems.hpp"
#include "sensors/detectors_quality.hpp"

namespace aquifer::sensors {
namespace {

using params::Need;
using params::QuantityKind;
using params::TableReader;

#define AQ_DETECTOR_KEYS                                                                       \
  "min_sigma", "min_steps_per_octave", "sentinel_values", "dropout_k", "spike_k",              \
      "spike_max_samples", "spike_max_days", "spike_return_fraction", "flat_false_alarm",      \
      "flat_min_samples", "flat_min_days", "shift_k", "shift_window_samples",                  \
      "shift_window_days", "shift_steadiness", "clip_min_episodes", "clip_k", "gap_factor",    \
      "gap_min_days", "fall_k", "max_fall_rate", "range_iqr_k", "range_min_years",             \
      "residual_k", "residual_min_points", "residual_baseline_days", "trend_alpha", "trend_min_years", "trend_min_total"

void positive(const TableReader& t, std::string_view key, double& target,
              QuantityKind kind = QuantityKind::dimensionless) {
  const auto v = t.quantity(key, kind, Need::optional);
  if (!v) return;
  if (!(*v > 0.0)) {
    t.error(key, "must be greater than 0");
    return;
  }
  target = *v;
}

void count(const TableReader& t, std::string_view key, std::size_t& target, long min = 1) {
  const auto v = t.integer(key, Need::optional);
  if (!v) return;
  if (*v < min) {
    t.error(key, "must be an integer >= " + std::to_string(min));
    return;
  }
  target = static_cast<std::size_t>(*v);
}

void read_sentinels(const TableReader& t, DetectorParams& p) {
  const toml::node* node = t.find("sentinel_values");
  if (node == nullptr) return;
  const auto* array = node->as_array();
  if (array == nullptr) {
    t.error("sentinel_values", "expected an array of numbers like [0, -999, -9999]");
    return;
  }
  p.sentinel_values_m.clear();
  for (const auto& item : *array) {
    if (auto v = item.value<double>()) {
      p.sentinel_values_m.push_back(*v);
    } else {
      t.error("sentinel_values", "expected numbers only, found " + params::type_name(item));
    }
  }
}

void read_detector_params(const TableReader& t, DetectorParams& p) {
  positive(t, "min_sigma", p.min_sigma_m, QuantityKind::length);
  count(t, "min_steps_per_octave", p.min_steps_per_octave, 3);
  read_sentinels(t, p);
  positive(t, "dropout_k", p.dropout_k);
  positive(t, "spike_k", p.spike_k);
  count(t, "spike_max_samples", p.spike_max_samples);
  positive(t, "spike_max_days", p.spike_max_days, QuantityKind::duration);
  positive(t, "spike_return_fraction", p.spike_return_fraction);
  positive(t, "flat_false_alarm", p.flat_false_alarm);
  count(t, "flat_min_samples", p.flat_min_samples, 2);
  positive(t, "flat_min_days", p.flat_min_days, QuantityKind::duration);
  positive(t, "shift_k", p.shift_k);
  count(t, "shift_window_samples", p.shift_window_samples, 2);
  positive(t, "shift_window_days", p.shift_window_days, QuantityKind::duration);
  positive(t, "shift_steadiness", p.shift_steadiness);
  count(t, "clip_min_episodes", p.clip_min_episodes, 2);
  positive(t, "clip_k", p.clip_k);
  positive(t, "gap_factor", p.gap_factor);
  positive(t, "gap_min_days", p.gap_min_days, QuantityKind::duration);
  positive(t, "fall_k", p.fall_k);
  double rate = 0.0;
  positive(t, "max_fall_rate", rate, QuantityKind::recharge_rate);  // m/d
  if (rate > 0.0) p.max_fall_m_per_d = rate;
  positive(t, "range_iqr_k", p.range_iqr_k);
  count(t, "range_min_years", p.range_min_years, 2);
  positive(t, "residual_k", p.residual_k);
  count(t, "residual_min_points", p.residual_min_points, 3);
  positive(t, "residual_baseline_days", p.residual_baseline_d, QuantityKind::duration);
  positive(t, "trend_alpha", p.trend_alpha);
  if (p.trend_alpha >= 1.0) t.error("trend_alpha", "must be between 0 and 1");
  count(t, "trend_min_years", p.trend_min_years, 2);
  if (const auto v = t.quantity("trend_min_total", QuantityKind::length, Need::optional)) {
    p.trend_min_total_m = std::abs(*v);
  }
}

void read_well(const toml::table& table, const DetectorParams& defaults, params::ReadContext& ctx,
               MonitoringConfig& config) {
  const TableReader t(table, "[[monitoring.well]]", ctx,
                      {"id", "tube_top", "sensor_level", "warning_level", "warning_when",
                       AQ_DETECTOR_KEYS});
  const auto id = t.string("id", Need::required);
  if (!id) return;
  WellMonitoringInfo info;
  info.well_id = *id;
  info.tube_top_m = t.quantity("tube_top", QuantityKind::length, Need::optional);
  info.sensor_level_m = t.quantity("sensor_level", QuantityKind::length, Need::optional);
  info.warning_level_m = t.quantity("warning_level", QuantityKind::length, Need::optional);
  if (const auto when = t.string("warning_when", Need::optional)) {
    if (*when == "above") {
      info.warning_below = false;
    } else if (*when != "below") {
      t.error("warning_when", "expected \"below\" or \"above\", found \"" + *when + "\"");
    }
  }
  if (info.tube_top_m && info.sensor_level_m && *info.sensor_level_m >= *info.tube_top_m) {
    t.error("sensor_level", "must be below tube_top");
  }
  DetectorParams p = defaults;
  read_detector_params(t, p);
  if (config.wells.count(*id) != 0) t.error("id", "well \"" + *id + "\" appears twice");
  config.wells[*id] = info;
  config.per_well[*id] = p;
}

// [[monitoring.quality_limit]] name, [substances], limit; or, in [[quality]] limits (the
// scenario contract), { substances = [...], sum = "50 ng/L" } with an optional name.
void read_limit(const toml::table& table, params::ReadContext& ctx, MonitoringConfig& config,
                const std::string& label = "[[monitoring.quality_limit]]") {
  const TableReader t(table, label, ctx, {"name", "substances", "limit", "sum"});
  QualityLimit limit;
  const bool contract_form = t.find("sum") != nullptr;
  const auto name = t.string("name", contract_form ? Need::optional : Need::required);
  if (name) limit.name = *name;
  if (const toml::node* node = t.find("substances")) {
    const auto* array = node->as_array();
    if (array == nullptr || array->empty()) {
      t.error("substances", "expected a non-empty array of substance names like [\"PFOS\", \"PFOA\"]");
    } else {
      for (const auto& item : *array) {
        if (auto s = item.value<std::string>()) limit.substances.push_back(*s);
        else t.error("substances", "expected strings only, found " + params::type_name(item));
      }
    }
  } else if (name) {
    // "PFOS+PFOA": the name lists the summed substances
    std::stringstream parts(*name);
    for (std::string part; std::getline(parts, part, '+');) limit.substances.push_back(part);
  }
  if (contract_form && t.find("limit") != nullptr)
    t.error("limit", "give either sum (a limit on the sum of the substances) or limit, not both");
  const char* key = contract_form ? "sum" : "limit";
  if (const auto text = t.string(key, Need::required)) {
    std::string error;
    const auto v = parse_concentration(*text, &error);
    if (!v) t.error(key, error);
    else limit.limit_ng_per_l = *v;
  }
  if (limit.name.empty()) {
    for (const auto& s : limit.substances) limit.name += (limit.name.empty() ? "" : "+") + s;
  }
  config.quality_limits.push_back(std::move(limit));
}

}  // namespace

const DetectorParams& MonitoringConfig::params_for(const std::string& well_id) const {
  const auto it = per_well.find(well_id);
  return it == per_well.end() ? defaults : it->second;
}

WellMonitoringInfo MonitoringConfig::info_for(const std::string& well_id) const {
  const auto it = wells.find(well_id);
  if (it != wells.end()) return it->second;
  WellMonitoringInfo info;
  info.well_id = well_id;
  return info;
}

MonitoringConfig read_monitoring_config(const toml::table& root, params::ReadContext& ctx) {
  MonitoringConfig config;
  if (const auto* mon = root["monitoring"].as_table()) {
    const TableReader t(*mon, "[monitoring]", ctx, {"well", "quality_limit", AQ_DETECTOR_KEYS});
    read_detector_params(t, config.defaults);
    for (const toml::table* w : t.tables("well")) read_well(*w, config.defaults, ctx, config);
    for (const toml::table* q : t.tables("quality_limit")) read_limit(*q, ctx, config);
  } else if (root.contains("monitoring")) {
    ctx.problems.error(ctx.pos(*root.get("monitoring")), "[monitoring] must be a table");
  }
  // [[quality]]: data (the contract; `file` is accepted too) and optional limits.
  std::vector<const toml::table*> quality;
  if (const auto* array = root["quality"].as_array()) {
    for (const auto& item : *array) {
      if (const auto* t = item.as_table()) quality.push_back(t);
      else ctx.problems.error(ctx.pos(item), "[[quality]] must be tables");
    }
  } else if (const auto* table = root["quality"].as_table()) {
    quality.push_back(table);
  } else if (root.contains("quality")) {
    ctx.problems.error(ctx.pos(*root.get("quality")), "[[quality]] must be an array of tables");
  }
  for (const toml::table* q : quality) {
    const TableReader t(*q, "[[quality]]", ctx, {"data", "file", "limits"});
    const bool has_data = t.find("data") != nullptr;
    if (has_data && t.find("file") != nullptr) t.error("file", "give data or file, not both");
    const auto ref = t.file(has_data ? "data" : "file", Need::required);
    if (!ref.path.empty()) config.quality_files.push_back(ref.path);
    if (const toml::node* limits = t.find("limits")) {
      const auto* array = limits->as_array();
      if (array == nullptr) {
        t.error("limits", "expected an array of limits like [ { substances = [\"PFOS\", "
                          "\"PFOA\"], sum = \"50 ng/L\" } ]");
        continue;
      }
      for (const auto& item : *array) {
        if (const auto* lt = item.as_table()) read_limit(*lt, ctx, config, "[[quality]] limits");
        else t.error("limits", "expected inline tables { substances = [...], sum = \"50 ng/L\" }");
      }
    }
  }
  return config;
}

MonitoringConfig load_monitoring_config(const std::string& path) {
  params::Problems problems;
  const int file = problems.file_id(path);
  const toml::table root = params::parse_toml_file(
      path, file, problems,
      "cannot read the monitoring configuration; expected an existing, readable TOML file");
  params::ReadContext ctx{problems, file, std::filesystem::path(path).parent_path().string(), 0};
  MonitoringConfig config = read_monitoring_config(root, ctx);
  problems.throw_if_errors();
  return config;
}

}  // namespace aquifer::sensors
