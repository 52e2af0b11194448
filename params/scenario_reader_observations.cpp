// TOML -> ScenarioSpec for [[observation_wells]] (docs/observations.md). The data files are
// only checked to exist here; sensors/ reads them.
#include <algorithm>
#include <filesystem>
#include <map>

#include "params/scenario_sections.hpp"

namespace aquifer::params {
namespace {

// reference_changes = [ { date = "2015-04-01", datum_offset = "0.12 m" }, ... ]
bool read_reference_changes(const TableReader& w, ObservationWellSpec& out) {
  const toml::node* node = w.find("reference_changes");
  if (!node) return true;
  const auto* array = node->as_array();
  if (!array) {
    w.error("reference_changes", "expected an array of tables { date = \"YYYY-MM-DD\", "
                                 "datum_offset = \"0.1 m\" }, got " + type_name(*node));
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto* t = array->get(i)->as_table();
    if (!t) {
      w.ctx().problems.error(w.ctx().pos(*array->get(i)),
                             w.what("reference_changes") + ": expected a table { date = ..., "
                                                           "datum_offset = ... }, got " +
                                 type_name(*array->get(i)));
      ok = false;
      continue;
    }
    const TableReader rc(*t, w.what("reference_changes") + " #" + std::to_string(i + 1),
                         w.ctx(), {"date", "datum_offset"});
    const auto date = rc.time("date", Need::required);
    const auto off = rc.quantity("datum_offset", QuantityKind::length, Need::required);
    if (!date || !off) {
      ok = false;
      continue;
    }
    if (!out.reference_changes.empty() &&
        date->epoch_d <= out.reference_changes.back().from_epoch_d) {
      rc.error("date", "reference changes must be listed in increasing date order");
      ok = false;
      continue;
    }
    out.reference_changes.push_back({date->epoch_d, *off});
  }
  return ok;
}

bool read_unit(const TableReader& w, ObservationWellSpec& out) {
  const auto unit = w.string("unit", Need::optional);
  if (!unit) return !w.has("unit");
  if (*unit == "m") {
    out.unit_to_m = 1.0;
  } else if (*unit == "cm") {
    out.unit_to_m = 0.01;
  } else if (*unit == "mm") {
    out.unit_to_m = 0.001;
  } else {
    w.error("unit", "\"" + *unit + "\" is not a head unit; expected \"m\", \"cm\" or \"mm\"");
    return false;
  }
  out.unit = *unit;
  return true;
}

bool read_valid_range(const TableReader& w, ObservationWellSpec& out) {
  const toml::node* node = w.find("valid_range");
  if (!node) return true;
  const auto* a = node->as_array();
  if (!a || a->size() != 2) {
    w.error("valid_range", "expected [min, max], two heads in m");
    return false;
  }
  const auto lo = quantity_of(*a->get(0), QuantityKind::length, w.what("valid_range"), w.ctx());
  const auto hi = quantity_of(*a->get(1), QuantityKind::length, w.what("valid_range"), w.ctx());
  if (!lo || !hi) return false;
  if (!(*lo < *hi)) {
    w.error("valid_range", "min " + format_number(*lo) + " m is not below max " +
                               format_number(*hi) + " m; expected [min, max]");
    return false;
  }
  out.valid_range_m = std::array<double, 2>{*lo, *hi};
  return true;
}

// exclude = ["out_of_range", "duplicate_time", ...]: issue kinds left out of statistics.
bool read_exclude(const TableReader& w, ObservationWellSpec& out) {
  const toml::node* node = w.find("exclude");
  if (!node) return true;
  static const std::array<std::string_view, 6> kinds{
      "duplicate_time", "out_of_order", "unparsable", "out_of_range", "field_count",
      "unparsable_time"};
  const auto* a = node->as_array();
  bool ok = a != nullptr;
  for (std::size_t i = 0; a && i < a->size(); ++i) {
    const auto s = a->get(i)->value<std::string>();
    if (!s || std::find(kinds.begin(), kinds.end(), *s) == kinds.end()) {
      ok = false;
      break;
    }
    out.exclude.push_back(*s);
  }
  if (!ok) {
    w.error("exclude", "expected an array of data-issue kinds from \"duplicate_time\", "
                       "\"out_of_order\", \"unparsable\", \"out_of_range\"");
  }
  return ok;
}

bool read_data_file(const TableReader& w, ObservationWellSpec& out) {
  const FileRef data = w.file("data", Need::optional);
  if (!data.present()) return !w.has("data");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(data.path, ec)) {
    w.error("data", "cannot read file \"" + data.path + "\" (" +
                        (std::filesystem::exists(data.path, ec) ? "not a regular file"
                                                                : "no such file") +
                        "); expected an observation CSV");
    return false;
  }
  out.data_path = data.path;
  out.data_line = data.pos.line;
  out.data_column = data.pos.column;
  return true;
}

// The point inside the grid and the layer within the model, when both are known.
bool check_against_grid(const TableReader& w, const ScenarioSpec& spec,
                        const ObservationWellSpec& out) {
  bool ok = true;
  if (spec.grid.valid) {
    const auto& g = spec.grid.geometry;
    const double x1 = g.x0_m + g.nx * g.dx_m;
    const double y1 = g.y0_m + g.ny * g.dy_m;
    if (out.x_m < g.x0_m || out.x_m > x1 || out.y_m < g.y0_m || out.y_m > y1) {
      w.error("x", "point (" + format_number(out.x_m) + ", " + format_number(out.y_m) +
                       ") m is outside the grid [" + format_number(g.x0_m) + ", " +
                       format_number(x1) + "] x [" + format_number(g.y0_m) + ", " +
                       format_number(y1) + "] m");
      ok = false;
    }
  }
  if (out.layer && !spec.layers.empty() &&
      *out.layer > static_cast<int>(spec.layers.size())) {
    w.error("layer", "layer " + std::to_string(*out.layer) + " does not exist; the model has " +
                         std::to_string(spec.layers.size()) + " layers");
    ok = false;
  }
  return ok;
}

}  // namespace

void read_initial_observation_keys(const TableReader& initial, ScenarioSpec& spec) {
  const toml::node* head = initial.find("head");
  const bool from_obs = head && head->value<std::string>() == "observations";
  for (const char* key : {"window", "relax_to_steady"}) {
    if (initial.has(key) && !from_obs) {
      initial.error(key, "is only used with head = \"observations\"; expected it left out");
    }
  }
  auto& f = spec.initial.from_observations;
  if (const auto w = initial.quantity("window", QuantityKind::duration, Need::optional)) {
    if (*w > 0.0) {
      f.window_d = *w;
    } else {
      initial.error("window", "expected a positive duration such as \"30 d\"");
    }
  }
  f.relax_to_steady = initial.boolean("relax_to_steady").value_or(false);
}

void read_observation_wells(const TableReader& root, ScenarioSpec& spec) {
  std::map<std::string, int> seen;
  const auto tables = root.tables("observation_wells");
  ReadContext& ctx = root.ctx();
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableReader w(*tables[i], array_label("observation_wells", *tables[i], i, "id"), ctx,
                        {"id", "x", "y", "layer", "screen", "data", "warning_level", "unit",
                         "datum_offset", "reference_changes", "sensor_elevation", "tube_top",
                         "time_format", "column", "strict", "valid_range", "exclude"});
    ObservationWellSpec out;
    out.label = w.label();
    const SourcePos pos = w.pos();
    out.scenario_file = ctx.problems.file_name(pos.file >= 0 ? pos.file : ctx.file);
    out.table_line = pos.line;
    out.table_column = pos.column;
    const auto id = unique_id(w, seen);
    bool ok = id.has_value();
    out.id = id.value_or("");
    const auto x = w.quantity("x", QuantityKind::length, Need::required);
    const auto y = w.quantity("y", QuantityKind::length, Need::required);
    ok = ok && x && y;
    out.x_m = x.value_or(0.0);
    out.y_m = y.value_or(0.0);
    WellSpec placement;
    ok = read_well_placement(w, placement) && ok;
    out.layer = placement.layer;
    out.screen_m = placement.screen_m;
    ok = read_data_file(w, out) && ok;
    ok = read_unit(w, out) && ok;
    out.datum_offset_m =
        w.quantity("datum_offset", QuantityKind::length, Need::optional).value_or(0.0);
    out.warning_level_m = w.quantity("warning_level", QuantityKind::length, Need::optional);
    out.sensor_elevation_m = w.quantity("sensor_elevation", QuantityKind::length, Need::optional);
    out.tube_top_m = w.quantity("tube_top", QuantityKind::length, Need::optional);
    out.time_format = w.string("time_format", Need::optional).value_or("");
    out.column = w.string("column", Need::optional).value_or("");
    out.strict = w.boolean("strict").value_or(false);
    ok = read_reference_changes(w, out) && ok;
    ok = read_valid_range(w, out) && ok;
    ok = read_exclude(w, out) && ok;
    if (ok && x && y) ok = check_against_grid(w, spec, out);
    if (ok) spec.observation_wells.push_back(std::move(out));
  }
  if (spec.initial.kind == InitialSpec::Kind::observations && tables.empty()) {
    ctx.problems.error(spec.initial.observations_pos,
                       "[initial] head = \"observations\" needs [[observation_wells]] with data "
                       "files; expected at least one");
  }
}

}  // namespace aquifer::params
