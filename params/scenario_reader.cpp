// TOML -> ScenarioSpec: [model], [grid], [[layers]], [initial], [time], [output], [solver] and
// the tables this version accepts without simulating them. Stresses are in
// scenario_reader_stresses.cpp, [[flooding]] and [compliance] in scenario_reader_flooding.cpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

#include "params/calendar.hpp"
#include "params/scenario_sections.hpp"

namespace aquifer::params {

const char* property_key(Property p) {
  switch (p) {
    case Property::top: return "top";
    case Property::bottom: return "bottom";
    case Property::k: return "k";
    case Property::k_vertical: return "k_vertical";
    case Property::ss: return "ss";
    case Property::sy: return "sy";
    case Property::head: return "head";
  }
  return "";
}

std::string_view check_property(Property p, double value) {
  if (!std::isfinite(value)) return "expected a finite number";
  switch (p) {
    case Property::k:
      return value > 0 ? "" : "expected a hydraulic conductivity > 0 m/d";
    case Property::k_vertical:
      return value > 0 ? "" : "expected a vertical hydraulic conductivity > 0 m/d";
    case Property::ss:
      return value >= 0 ? "" : "expected a specific storage >= 0 1/m";
    case Property::sy:
      return (value >= 0 && value <= 1) ? "" : "expected a specific yield between 0 and 1";
    case Property::top:
    case Property::bottom:
    case Property::head: return "";
  }
  return "";
}

const toml::table* sub_table(const TableReader& parent, std::string_view key, Need need) {
  const toml::node* node = parent.find(key);
  if (!node) {
    if (need == Need::required) {
      parent.ctx().problems.error({parent.ctx().file, 0, 0},
                                  "missing required table [" + std::string(key) + "]");
    }
    return nullptr;
  }
  if (const auto* t = node->as_table()) return t;
  parent.error(key, "expected a table [" + std::string(key) + "], got " + type_name(*node));
  return nullptr;
}

namespace {


void read_model(const TableReader& root, const std::string& scenario_path, ScenarioSpec& spec) {
  const toml::table* t = sub_table(root, "model", Need::required);
  if (!t) return;
  const TableReader model(*t, "[model]", root.ctx(), {"name", "start", "crs", "timezone"});
  if (const auto tz = model.string("timezone", Need::optional)) {
    if (const auto offset = parse_utc_offset(*tz)) {
      spec.utc_offset_min = *offset;
      root.ctx().utc_offset_min = *offset;
    } else {
      model.error("timezone", "\"" + *tz + "\" is not a fixed UTC offset; expected \"Z\", "
                                            "\"UTC\" or an offset like \"+09:00\"");
    }
  }
  spec.name = model.string("name", Need::optional)
                  .value_or(std::filesystem::path(scenario_path).stem().string());
  spec.crs = model.string("crs", Need::optional).value_or("");
  if (const auto start = model.time("start", Need::required)) {
    spec.start_valid = true;
    spec.start_epoch_d = start->epoch_d;
  }
}

// A positive length, or nullopt (reported).
std::optional<double> positive_length(const TableReader& t, std::string_view key) {
  const auto v = t.quantity(key, QuantityKind::length, Need::required);
  if (v && *v <= 0) {
    t.error(key, "expected a positive length, got " + format_number(*v) + " m");
    return std::nullopt;
  }
  return v;
}

std::optional<int> cell_count(const TableReader& t, std::string_view key) {
  const auto v = t.integer(key, Need::required);
  if (v && (*v < 1 || *v > 100000)) {
    t.error(key, "expected a number of cells between 1 and 100000, got " + std::to_string(*v));
    return std::nullopt;
  }
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

void read_grid(const TableReader& root, ScenarioSpec& spec) {
  const toml::table* t = sub_table(root, "grid", Need::required);
  if (!t) return;
  const TableReader grid(*t, "[grid]", root.ctx(), {"nx", "ny", "dx", "dy", "x0", "y0", "active"});
  GridSpec& g = spec.grid;
  g.pos = grid.pos();
  const auto nx = cell_count(grid, "nx");
  const auto ny = cell_count(grid, "ny");
  // dx / dy: a length, or (extension) { file } of per-column / per-row widths (model_builder).
  const auto width = [&](std::string_view key, FieldSpec& file) -> std::optional<double> {
    const toml::node* node = grid.find(key);
    if (!node || !node->is_table()) return positive_length(grid, key);
    file = grid.field(key, QuantityKind::length, Need::required, true);
    return file.present() ? std::optional<double>(1.0) : std::nullopt;  // replaced by the widths
  };
  const auto dx = width("dx", g.dx_file);
  const auto dy = width("dy", g.dy_file);
  g.geometry.x0_m = grid.quantity("x0", QuantityKind::length, Need::optional).value_or(0.0);
  g.geometry.y0_m = grid.quantity("y0", QuantityKind::length, Need::optional).value_or(0.0);
  g.active = grid.file("active", Need::optional);
  if (!(nx && ny && dx && dy)) return;
  g.geometry.nx = *nx;
  g.geometry.ny = *ny;
  g.geometry.dx_m = *dx;
  g.geometry.dy_m = *dy;
  g.valid = true;
}

// Reports a constant that is out of range for its property.
void check_constant(const TableReader& t, Property p, const FieldSpec& f) {
  if (f.kind != FieldSpec::Kind::constant) return;
  const std::string_view why = check_property(p, f.value);
  if (!why.empty()) t.error(property_key(p), std::string(why) + ", got " + format_number(f.value));
}

void read_zone(const TableReader& layer, const toml::table& t, int index, LayerSpec& out) {
  const TableReader zone(t, layer.label() + " zone #" + std::to_string(index), layer.ctx(),
                         {"name", "polygon", "k", "k_vertical", "ss", "sy"});
  ZoneSpec z;
  z.pos = zone.pos();
  (void)zone.string("name", Need::optional);
  z.polygon = zone.file("polygon", Need::required);
  z.k = zone.field("k", QuantityKind::conductivity, Need::optional, false);
  z.k_vertical = zone.field("k_vertical", QuantityKind::conductivity, Need::optional, false);
  z.ss = zone.field("ss", QuantityKind::specific_storage, Need::optional, false);
  z.sy = zone.field("sy", QuantityKind::dimensionless, Need::optional, false);
  check_constant(zone, Property::k, z.k);
  check_constant(zone, Property::k_vertical, z.k_vertical);
  check_constant(zone, Property::ss, z.ss);
  check_constant(zone, Property::sy, z.sy);
  const bool sets_any = zone.has("k") || zone.has("k_vertical") || zone.has("ss") || zone.has("sy");
  if (!sets_any) {
    layer.ctx().problems.error(z.pos, zone.label() +
                                          ": sets no property; expected at least one of k, "
                                          "k_vertical, ss, sy");
  }
  out.zones.push_back(std::move(z));
}

// A 0/1 constant (active, type files are checked cell by cell in the builder).
void check_flag_constant(const TableReader& t, std::string_view key, const FieldSpec& f) {
  if (f.kind == FieldSpec::Kind::constant && f.value != 0.0 && f.value != 1.0)
    t.error(key, "expected 1 or 0 (or { file = \"values.csv\" } of 1 and 0), got " + format_number(f.value));
}

// type / storage_type: "confined" | "convertible", or (extension) { file = ... } of 1
// (convertible) and 0 (confined) per cell.
void read_layer_type(const TableReader& layer, std::string_view key, FieldSpec& file,
                     solver::LayerType* type) {
  const toml::node* node = layer.find(key);
  if (!node) return;
  if (node->is_table()) {
    file = layer.field(key, QuantityKind::dimensionless, Need::optional, true);
    return;
  }
  const auto word = layer.string(key, Need::optional);
  if (!word) return;
  if (*word == "confined") {
    *type = solver::LayerType::confined;
  } else if (*word == "convertible") {
    *type = solver::LayerType::convertible;
  } else {
    layer.error(key, "\"" + *word + "\" is not a layer type; expected \"confined\", "
                     "\"convertible\" or { file = \"values.csv\" } of 1 (convertible) and 0");
  }
}

std::string layer_label(const toml::table& t, std::size_t index) {
  std::string label = "[[layers]] #" + std::to_string(index + 1);
  if (const auto name = t["name"].value<std::string>()) label += " (\"" + *name + "\")";
  return label;
}

void read_layer(const TableReader& layer, std::size_t index, ScenarioSpec& spec) {
  LayerSpec l;
  l.label = layer.label();
  l.pos = layer.pos();
  (void)layer.string("name", Need::optional);
  if (index == 0) {
    l.top = layer.field("top", QuantityKind::length, Need::required, true);
  } else if (layer.has("top")) {
    layer.error("top", "only layer 1 takes a top; the top of layer " + std::to_string(index + 1) +
                           " is the bottom of the layer above (remove this key)");
  }
  l.bottom = layer.field("bottom", QuantityKind::length, Need::required, true);
  l.k = layer.field("k", QuantityKind::conductivity, Need::required, true);
  l.k_vertical = layer.field("k_vertical", QuantityKind::conductivity, Need::optional, true);
  l.ss = layer.field("ss", QuantityKind::specific_storage, Need::optional, true);
  l.sy = layer.field("sy", QuantityKind::dimensionless, Need::optional, true);
  check_constant(layer, Property::k, l.k);
  check_constant(layer, Property::k_vertical, l.k_vertical);
  check_constant(layer, Property::ss, l.ss);
  check_constant(layer, Property::sy, l.sy);
  read_layer_type(layer, "type", l.type_file, &l.type);
  if (layer.has("storage_type")) {
    solver::LayerType storage = l.type;
    read_layer_type(layer, "storage_type", l.storage_type_file, &storage);
    if (!l.storage_type_file.present()) l.storage_type = storage;
  }
  l.active = layer.field("active", QuantityKind::dimensionless, Need::optional, true);
  check_flag_constant(layer, "active", l.active);
  l.k_y = layer.field("k_y", QuantityKind::conductivity, Need::optional, true);
  if (l.k_y.kind == FieldSpec::Kind::constant && !(l.k_y.value > 0))
    layer.error("k_y", "expected a hydraulic conductivity > 0 m/d, got " + format_number(l.k_y.value));
  l.wetdry = layer.field("wetdry", QuantityKind::length, Need::optional, true);
  const auto zones = layer.tables("zones");
  for (std::size_t z = 0; z < zones.size(); ++z)
    read_zone(layer, *zones[z], static_cast<int>(z) + 1, l);
  spec.layers.push_back(std::move(l));
}

void read_layers(const TableReader& root, ScenarioSpec& spec) {
  const auto layers = root.tables("layers");
  if (!root.has("layers")) {
    root.ctx().problems.error({root.ctx().file, 0, 0},
                              "missing required [[layers]]: at least one layer is needed");
  } else if (layers.empty() && root.find("layers")->is_array() &&
             root.find("layers")->as_array()->empty()) {
    root.error("layers", "is empty; expected at least one [[layers]] table");
  }
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const TableReader layer(*layers[i], layer_label(*layers[i], i), root.ctx(),
                            {"name", "top", "bottom", "k", "k_vertical", "ss", "sy", "type",
                             "zones", "active", "k_y", "storage_type", "wetdry"});
    read_layer(layer, i, spec);
  }
}

// Constant thicknesses (bottom below top) are checked here; files in the model builder.
void check_constant_thickness(ReadContext& ctx, const ScenarioSpec& spec) {
  const FieldSpec* above = spec.layers.empty() ? nullptr : &spec.layers.front().top;
  for (const auto& l : spec.layers) {
    if (above && above->kind == FieldSpec::Kind::constant &&
        l.bottom.kind == FieldSpec::Kind::constant && !(l.bottom.value < above->value)) {
      ctx.problems.error(l.bottom.pos, l.label + " bottom: " + format_number(l.bottom.value) +
                                           " m is not below the layer's top (" +
                                           format_number(above->value) +
                                           " m); expected bottom < top (a positive thickness)");
    }
    above = &l.bottom;
  }
}

void read_initial(const TableReader& root, ScenarioSpec& spec) {
  const toml::table* t = sub_table(root, "initial", Need::optional);
  if (!t) return;
  const TableReader initial(*t, "[initial]", root.ctx(), {"head", "window", "relax_to_steady", "steady_average"});
  read_initial_observation_keys(initial, spec);
  if (const auto avg = initial.quantity("steady_average", QuantityKind::duration, Need::optional)) {
    if (*avg < 0) initial.error("steady_average", "expected a duration >= 0 such as \"365 d\"");
    else spec.initial.steady_average_d = *avg;
  }
  const toml::node* head = initial.find("head");
  if (head && head->is_string()) {
    const std::string& word = head->as_string()->get();
    if (word == "steady") {
      spec.initial.kind = InitialSpec::Kind::steady;
      return;
    }
    if (word == "observations") {
      if (initial.has("steady_average"))
        initial.error("steady_average", "only applies to head = \"steady\"");
      spec.initial.kind = InitialSpec::Kind::observations;
      spec.initial.from_observations.enabled = true;
      spec.initial.observations_pos = initial.pos("head");
      return;
    }
  }
  if (initial.has("steady_average"))
    initial.error("steady_average", "only applies to head = \"steady\"");
  spec.initial.head = initial.field("head", QuantityKind::length, Need::required, true);
  if (spec.initial.head.present()) spec.initial.kind = InitialSpec::Kind::field;
}

// [time] end: a date (inclusive), a date-time (exact) or a duration from start.
std::optional<double> read_end(const TableReader& time, const ScenarioSpec& spec) {
  const toml::node* node = time.find("end");
  if (!node) {
    time.missing("end", "a date, a date-time or a duration such as \"3650 d\"");
    return std::nullopt;
  }
  const auto* s = node->as_string();
  const bool looks_like_date = s && s->get().size() >= 5 && s->get()[4] == '-';
  if (node->is_number() || (s && !looks_like_date)) {
    return time.quantity("end", QuantityKind::duration, Need::required);
  }
  const auto t = time.time("end", Need::required);
  if (!t || !spec.start_valid) return std::nullopt;
  return t->epoch_d + (t->date_only ? 1.0 : 0.0) - spec.start_epoch_d;
}

std::optional<double> positive_duration(const TableReader& t, std::string_view key) {
  const auto v = t.quantity(key, QuantityKind::duration, Need::optional);
  if (v && *v <= 0) {
    t.error(key, "expected a positive duration, got " + format_number(*v) + " d");
    return std::nullopt;
  }
  return v;
}

void read_time(const TableReader& root, ScenarioSpec& spec) {
  solver::TimeControl& tc = spec.time;
  const toml::table* t = sub_table(root, "time", Need::optional);
  if (!t) {
    tc.steady_only = true;
    return;
  }
  const TableReader time(*t, "[time]", root.ctx(),
                         {"end", "step", "output_every", "min_step", "steady", "periods"});
  if (time.has("periods")) {
    for (const char* key : {"end", "step", "output_every", "min_step", "steady"}) {
      if (time.has(key)) time.error(key, "cannot be combined with [[time.periods]] (remove it)");
    }
    read_time_periods(time, spec);
    return;
  }
  if (time.boolean("steady").value_or(false)) {
    tc.steady_only = true;
    for (const char* key : {"end", "step", "output_every", "min_step"}) {
      if (time.has(key)) {
        root.ctx().problems.warning(time.pos(key), std::string("[time] ") + key +
                                                       " is ignored because steady = true");
      }
    }
    return;
  }
  const auto end = read_end(time, spec);
  if (end && *end <= 0) {
    time.error("end", "the run would end " + format_number(-*end) +
                          " d before [model] start; expected a time after the start");
  } else if (end) {
    tc.end_d = *end;
  }
  tc.step_d = positive_duration(time, "step").value_or(1.0);
  tc.output_every_d = positive_duration(time, "output_every").value_or(0.0);
  tc.min_step_d = positive_duration(time, "min_step").value_or(1e-5);
  if (tc.min_step_d > tc.step_d) {
    time.error("min_step", "is larger than step (" + format_number(tc.step_d) +
                               " d); expected min_step <= step");
  }
}

// ss is needed by every transient run, sy where a layer is convertible.
void check_storage_given(ReadContext& ctx, const ScenarioSpec& spec) {
  const auto& steps = spec.time.steps;  // [[time.periods]]: transient when any period is
  const bool all_steady = !steps.empty() && std::all_of(steps.begin(), steps.end(), [](const auto& s) { return s.steady; });
  if (all_steady) return;
  if (spec.time.steady_only) {
    if (spec.initial.kind == InitialSpec::Kind::steady) {
      ctx.problems.warning({ctx.file, 0, 0}, "[initial] head = \"steady\" has no effect: the "
                                             "run is a single steady-state solve");
    }
    return;
  }
  for (const auto& l : spec.layers) {
    if (!l.ss.written) {
      ctx.problems.error(l.pos, l.label + ": missing required key \"ss\" (" +
                                    expectation(QuantityKind::specific_storage) +
                                    "; needed by a transient run)");
    }
    const bool convertible = l.type == solver::LayerType::convertible || l.type_file.present() ||
                             l.storage_type_file.present() ||
                             l.storage_type == solver::LayerType::convertible;
    if (!l.sy.written && convertible) {
      ctx.problems.error(l.pos, l.label + ": missing required key \"sy\" (specific yield "
                                          "between 0 and 1; needed by a convertible layer in a "
                                          "transient run)");
    }
  }
}

void read_output(const TableReader& root, ScenarioSpec& spec) {
  OutputSettings& o = spec.output;
  o.dir = root.ctx().resolve("out");
  const toml::table* t = sub_table(root, "output", Need::optional);
  if (!t) return;
  const TableReader out(*t, "[output]", root.ctx(), {"dir", "hdf5", "netcdf", "csv", "report", "checkpoint_every"});
  if (const auto dir = out.string("dir", Need::optional)) o.dir = root.ctx().resolve(*dir);
  o.hdf5 = out.boolean("hdf5").value_or(o.hdf5);
  o.netcdf = out.boolean("netcdf").value_or(o.netcdf);
  o.csv = out.boolean("csv").value_or(o.csv);
  o.report = out.boolean("report").value_or(o.report);
  if (const auto v = out.quantity("checkpoint_every", QuantityKind::duration, Need::optional)) {
    if (*v > 0) o.checkpoint_every_d = *v;
    else out.error("checkpoint_every", "expected a positive duration such as \"365 d\"");
  }
}

void read_solver(const TableReader& root, ScenarioSpec& spec) {
  solver::SolverSettings& s = spec.solver;
  const toml::table* t = sub_table(root, "solver", Need::optional);
  if (!t) return;
  const TableReader solver(*t, "[solver]", root.ctx(),
                           {"petsc_options", "head_tolerance", "residual_tolerance",
                            "max_newton_iterations", "max_step_retries", "linear_solver", "predictor"});
  s.petsc_options = solver.string("petsc_options", Need::optional).value_or("");
  if (const auto v = solver.quantity("head_tolerance", QuantityKind::length, Need::optional)) {
    if (*v > 0) s.head_tolerance_m = *v;
    else solver.error("head_tolerance", "expected a positive length");
  }
  if (const auto v = solver.quantity("residual_tolerance", QuantityKind::dimensionless,
                                     Need::optional)) {
    if (*v > 0) s.residual_tolerance = *v;
    else solver.error("residual_tolerance", "expected a positive number");
  }
  if (const auto v = solver.integer("max_newton_iterations", Need::optional)) {
    if (*v >= 1 && *v <= 10000) s.max_newton_iterations = static_cast<int>(*v);
    else solver.error("max_newton_iterations", "expected an integer between 1 and 10000");
  }
  if (const auto v = solver.integer("max_step_retries", Need::optional)) {
    if (*v >= 0 && *v <= 100) s.max_step_retries = static_cast<int>(*v);
    else solver.error("max_step_retries", "expected an integer between 0 and 100");
  }
  if (const auto v = solver.boolean("predictor")) s.predictor = *v;
  if (const auto v = solver.string("linear_solver", Need::optional)) {
    if (*v == "auto" || *v == "pfmg" || *v == "boomeramg" || *v == "user") {
      s.linear_solver = *v;
    } else {
      solver.error("linear_solver", "\"" + *v + "\" is not a linear solver; expected \"auto\", "
                                                "\"pfmg\", \"boomeramg\" or \"user\"");
    }
  }
}


}  // namespace

std::optional<ScenarioSpec> read_scenario(const std::string& toml_text,
                                          const std::string& scenario_path,
                                          const std::string& base_dir, Problems& problems) {
  const int file = problems.file_id(scenario_path);
  toml::table root;
  try {
    root = toml::parse(toml_text, scenario_path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    problems.error({file, static_cast<int>(where.line), static_cast<int>(where.column)},
                   "TOML syntax error: " + std::string(e.description()));
    return std::nullopt;
  }
  ReadContext ctx{problems, file, base_dir, 0};
  const TableReader top(root, "top level", ctx,
                        {"model", "grid", "layers", "initial", "time", "boundary", "wells",
                         "recharge", "output", "solver", "flooding", "observation_wells",
                         "permits", "obligation_rules", "credits", "compliance", "monitoring",
                         "quality", "formulation"});
  ScenarioSpec spec;
  spec.scenario_file = file;
  read_model(top, scenario_path, spec);
  read_grid(top, spec);
  read_layers(top, spec);
  check_constant_thickness(ctx, spec);
  read_initial(top, spec);
  read_time(top, spec);
  check_storage_given(ctx, spec);
  read_boundaries(top, spec);
  read_wells(top, spec);
  read_recharge(top, spec);
  read_flooding(top, spec);
  read_observation_wells(top, spec);
  read_compliance(top, spec);
  read_obligations(top, spec);  // [[permits]], [[obligation_rules]], [[credits]]
  read_output(top, spec);
  read_solver(top, spec);
  read_formulation(top, spec);
  return spec;
}

}  // namespace aquifer::params
