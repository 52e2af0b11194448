// TOML -> ScenarioSpec for the stresses: [[boundary]], [[wells]], [[recharge]]. Checks that need
// the grid (indices in range, points inside, cells active) are done by the model builder.
#include <map>

#include "params/scenario_sections.hpp"

namespace aquifer::params {
namespace {

// An index (1-based integer) or an inclusive range [first, last].
std::optional<IndexRange> range_of(const toml::node& node, const std::string& what,
                                   ReadContext& ctx) {
  IndexRange r;
  r.pos = ctx.pos(node);
  const auto* array = node.as_array();
  if (const auto* i = node.as_integer()) {
    r.first = r.last = static_cast<int>(i->get());
  } else if (array && array->size() == 2 && (*array)[0].is_integer() && (*array)[1].is_integer()) {
    r.first = static_cast<int>(*(*array)[0].value<std::int64_t>());
    r.last = static_cast<int>(*(*array)[1].value<std::int64_t>());
  } else {
    const std::string got =
        array ? "an array of " + std::to_string(array->size()) + " values" : type_name(node);
    ctx.problems.error(r.pos, what + ": expected an index (an integer from 1) or an inclusive "
                                     "range [first, last] of integers, got " + got);
    return std::nullopt;
  }
  if (r.first < 1 || r.last < 1) {
    ctx.problems.error(r.pos, what +
                                  ": indices count from 1 (layer 1 = top, column 1 = west, "
                                  "row 1 = south); got " +
                                  std::to_string(std::min(r.first, r.last)));
    return std::nullopt;
  }
  if (r.first > r.last) {
    ctx.problems.error(r.pos, what + ": reversed range [" + std::to_string(r.first) + ", " +
                                  std::to_string(r.last) +
                                  "]; expected [first, last] with first <= last");
    return std::nullopt;
  }
  return r;
}

std::optional<IndexRange> range(const TableReader& t, std::string_view key, Need need) {
  const toml::node* node = t.find(key);
  if (!node) {
    if (need == Need::required) t.missing(key, "an index or a range [first, last]");
    return std::nullopt;
  }
  return range_of(*node, t.what(key), t.ctx());
}

std::optional<BoundarySpec::Kind> boundary_kind(const TableReader& b) {
  const auto kind = b.string("kind", Need::required);
  if (!kind) return std::nullopt;
  if (*kind == "constant_head") return BoundarySpec::Kind::constant_head;
  if (*kind == "general_head") return BoundarySpec::Kind::general_head;
  if (*kind == "river") return BoundarySpec::Kind::river;
  if (*kind == "drain") return BoundarySpec::Kind::drain;
  b.error("kind", "\"" + *kind + "\" is not a boundary kind; expected \"constant_head\", "
                                 "\"general_head\", \"river\" or \"drain\"");
  return std::nullopt;
}

// cells = { layer, col, row } or polygon (+ layer). Returns false when unusable.
bool read_selection(const TableReader& b, BoundarySpec& out) {
  const bool has_cells = b.has("cells");
  const bool has_polygon = b.has("polygon");
  if (has_cells && has_polygon) {
    b.error("polygon", "give either cells = { ... } or polygon, not both");
    return false;
  }
  if (!has_cells && !has_polygon) {
    b.ctx().problems.error(b.pos(), b.label() + ": needs cells = { layer = 1, col = [a, b], "
                                                "row = [a, b] } or polygon = \"file.geojson\"");
    return false;
  }
  out.use_box = has_cells;
  std::optional<IndexRange> layers;
  if (has_polygon) {
    out.polygon = b.file("polygon", Need::required);
    layers = b.has("layer") ? range(b, "layer", Need::optional) : IndexRange{1, 1, b.pos()};
    if (!layers) return false;
    out.layers = *layers;
    return out.polygon.present();
  }
  if (b.has("layer")) {
    b.error("layer", "with cells = { ... }, give the layer inside cells (cells = { layer = 1, "
                     "col = ..., row = ... })");
  }
  const toml::table* cells = sub_table(b, "cells", Need::required);
  if (!cells) return false;
  const TableReader box(*cells, b.what("cells"), b.ctx(), {"layer", "col", "row"});
  layers = box.has("layer") ? range(box, "layer", Need::optional) : IndexRange{1, 1, box.pos()};
  const auto cols = range(box, "col", Need::required);
  const auto rows = range(box, "row", Need::required);
  if (!layers || !cols || !rows) return false;
  out.layers = *layers;
  out.cols = *cols;
  out.rows = *rows;
  return true;
}

// conductance / leakance / bottom, by kind.
bool read_boundary_terms(const TableReader& b, BoundarySpec& out) {
  bool ok = true;
  const bool chd = out.kind == BoundarySpec::Kind::constant_head;
  const bool river = out.kind == BoundarySpec::Kind::river;
  for (const char* key : {"conductance", "leakance"}) {
    if (chd && b.has(key)) {
      b.error(key, "is not used by a constant_head boundary (remove it)");
      ok = false;
    }
  }
  if (!river && b.has("bottom")) {
    b.error("bottom", "is only used by a river boundary (remove it)");
    ok = false;
  }
  if (chd) return ok;
  out.conductance_m2_per_d = b.quantity("conductance", QuantityKind::conductance, Need::optional);
  out.leakance_per_d = b.quantity("leakance", QuantityKind::leakance, Need::optional);
  if (b.has("conductance") && b.has("leakance")) {
    b.error("leakance", "give either conductance (per cell) or leakance (per area), not both");
    ok = false;
  } else if (!b.has("conductance") && !b.has("leakance")) {
    b.missing("conductance", "or leakance: a conductance per cell like \"5000 m2/d\", or a "
                             "leakance like \"0.5 1/d\" multiplied by each cell's area");
    ok = false;
  }
  for (const auto& [key, v] : {std::pair{"conductance", out.conductance_m2_per_d},
                               std::pair{"leakance", out.leakance_per_d}}) {
    if (v && *v < 0) {
      b.error(key, "expected a value >= 0, got " + format_number(*v));
      ok = false;
    }
  }
  if (river) {
    out.bottom_m = b.quantity("bottom", QuantityKind::length, Need::required);
    if (out.bottom_m && b.has("head") && !out.head_file.present() &&
        !(*out.bottom_m < out.head_m)) {
      b.error("bottom", "river bed bottom " + format_number(*out.bottom_m) +
                            " m is not below the stage (head = " + format_number(out.head_m) +
                            " m); expected bottom < head");
      ok = false;
    }
  }
  return ok && (!river || out.bottom_m);
}

}  // namespace

bool only_key_of(const TableReader& t, std::string_view key, std::initializer_list<std::string_view> others) {
  bool ok = true;
  for (const auto other : others) {
    if (!t.has(other)) continue;
    t.error(other, "cannot be combined with " + std::string(key) + " (the file gives it; remove this key)");
    ok = false;
  }
  return ok;
}

// layer = N or screen = [top, bottom]. Returns false when unusable.
bool read_well_placement(const TableReader& w, WellSpec& out) {
  if (w.has("layer") && w.has("screen")) {
    w.error("screen", "give either layer or screen = [top, bottom], not both");
    return false;
  }
  if (!w.has("layer") && !w.has("screen")) {
    w.missing("layer", "or screen: a 1-based layer, or screen = [top, bottom] in m");
    return false;
  }
  if (w.has("layer")) {
    const auto layer = w.integer("layer", Need::optional);
    if (!layer) return false;
    if (*layer < 1) {
      w.error("layer", "layers count from 1 (1 = top layer); got " + std::to_string(*layer));
      return false;
    }
    out.layer = static_cast<int>(*layer);
    out.layer_pos = w.pos("layer");
    return true;
  }
  const toml::node* screen = w.find("screen");
  const auto* a = screen->as_array();
  out.screen_pos = w.pos("screen");
  if (!a || a->size() != 2) {
    w.error("screen", "expected [top, bottom], two lengths in m, got " +
                          (a ? "an array of " + std::to_string(a->size()) : type_name(*screen)));
    return false;
  }
  const auto top = quantity_of(*a->get(0), QuantityKind::length, w.what("screen"), w.ctx());
  const auto bottom = quantity_of(*a->get(1), QuantityKind::length, w.what("screen"), w.ctx());
  if (!top || !bottom) return false;
  if (!(*top > *bottom)) {
    w.error("screen", "top " + format_number(*top) + " m is not above bottom " +
                          format_number(*bottom) + " m; expected [top, bottom]");
    return false;
  }
  out.screen_m = std::array<double, 2>{*top, *bottom};
  return true;
}

std::string array_label(std::string_view table, const toml::table& t, std::size_t index,
                        std::string_view id_key) {
  if (const auto id = t[id_key].value<std::string>()) {
    return "[[" + std::string(table) + "]] \"" + *id + "\"";
  }
  return "[[" + std::string(table) + "]] #" + std::to_string(index + 1);
}

std::optional<std::string> unique_id(const TableReader& t, std::map<std::string, int>& seen_lines) {
  const auto id = t.string("id", Need::required);
  if (!id) return std::nullopt;
  if (id->empty()) {
    t.error("id", "expected a non-empty id");
    return std::nullopt;
  }
  const auto [it, inserted] = seen_lines.emplace(*id, t.pos("id").line);
  if (!inserted) {
    t.error("id", "duplicate id \"" + *id + "\" (first used on line " +
                      std::to_string(it->second) + "); expected a unique id");
  }
  return id;
}

void read_boundaries(const TableReader& root, ScenarioSpec& spec) {
  const auto tables = root.tables("boundary");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableReader b(*tables[i], array_label("boundary", *tables[i], i, "name"), root.ctx(),
                        {"kind", "name", "cells", "polygon", "layer", "head", "conductance",
                         "leakance", "bottom", "list"});
    BoundarySpec out;
    out.label = b.label();
    out.pos = b.pos();
    out.name = b.string("name", Need::optional).value_or("boundary-" + std::to_string(i + 1));
    const auto kind = boundary_kind(b);
    if (b.has("list")) {  // extension: cells and values from a CSV file
      out.list = b.file("list", Need::required);
      const bool alone = only_key_of(b, "list", {"cells", "polygon", "layer", "head", "conductance",
                                                 "leakance", "bottom"});
      if (kind && alone && out.list.present()) {
        out.kind = *kind;
        spec.boundaries.push_back(std::move(out));
      }
      continue;
    }
    const bool selection_ok = read_selection(b, out);
    const FieldSpec head = b.field("head", QuantityKind::length, Need::required, true);
    if (head.kind == FieldSpec::Kind::constant) out.head_m = head.value;
    if (head.kind == FieldSpec::Kind::file) out.head_file = head;
    if (!kind) continue;
    out.kind = *kind;
    const bool terms_ok = read_boundary_terms(b, out);
    if (selection_ok && terms_ok && head.present()) spec.boundaries.push_back(std::move(out));
  }
}

// flow_reduction = fraction, or flow_reduction_length = length (extensions).
bool read_flow_reduction(const TableReader& w, WellSpec& out) {
  if (w.has("flow_reduction") && w.has("flow_reduction_length")) {
    w.error("flow_reduction_length", "give either flow_reduction (a fraction of the cell thickness) or "
                                     "flow_reduction_length, not both");
    return false;
  }
  out.flow_reduction = w.quantity("flow_reduction", QuantityKind::dimensionless, Need::optional);
  if (out.flow_reduction && !(*out.flow_reduction >= 0 && *out.flow_reduction <= 1)) {
    w.error("flow_reduction", "expected a fraction of the cell thickness from 0 (never reduced) to 1");
    return false;
  }
  out.flow_reduction_length = w.quantity("flow_reduction_length", QuantityKind::length, Need::optional);
  if (out.flow_reduction_length && !(*out.flow_reduction_length >= 0)) {
    w.error("flow_reduction_length", "expected a length >= 0 m");
    return false;
  }
  return (!w.has("flow_reduction") || out.flow_reduction) &&
         (!w.has("flow_reduction_length") || out.flow_reduction_length);
}

void read_wells(const TableReader& root, ScenarioSpec& spec) {
  std::map<std::string, int> seen;
  const auto tables = root.tables("wells");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableReader w(*tables[i], array_label("wells", *tables[i], i, "id"), root.ctx(),
                        {"id", "owner", "x", "y", "layer", "screen", "rate", "schedule", "list",
                         "flow_reduction", "flow_reduction_length"});
    WellSpec out;
    out.label = w.label();
    out.pos = w.pos();
    const auto id = unique_id(w, seen);
    bool ok = id.has_value();
    out.id = id.value_or("");
    out.owner = w.string("owner", Need::optional).value_or("");
    ok = read_flow_reduction(w, out) && ok;
    if (w.has("list")) {  // extension: many wells from a CSV file
      out.list = w.file("list", Need::required);
      ok = only_key_of(w, "list", {"x", "y", "layer", "screen", "rate", "schedule"}) && ok;
      if (ok && out.list.present()) spec.wells.push_back(std::move(out));
      continue;
    }
    const auto x = w.quantity("x", QuantityKind::length, Need::required);
    const auto y = w.quantity("y", QuantityKind::length, Need::required);
    out.xy_pos = w.pos("x");
    ok = ok && x && y;
    out.x_m = x.value_or(0.0);
    out.y_m = y.value_or(0.0);
    ok = read_well_placement(w, out) && ok;
    out.rate_m3_per_d = w.quantity("rate", QuantityKind::pumping_rate, Need::optional);
    out.schedule = w.file("schedule", Need::optional);
    if (!w.has("rate") && !w.has("schedule")) {
      w.missing("rate", "or schedule: a pumping rate like \"-7500 m3/d\" (negative = "
                        "extraction) or a date,rate_m3_per_d CSV file");
      ok = false;
    }
    ok = ok && (!w.has("rate") || out.rate_m3_per_d) &&
         (!w.has("schedule") || out.schedule.present());
    if (ok) spec.wells.push_back(std::move(out));
  }
}

void read_recharge(const TableReader& root, ScenarioSpec& spec) {
  std::map<std::string, int> seen;
  const auto tables = root.tables("recharge");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const TableReader r(*tables[i], array_label("recharge", *tables[i], i, "id"), root.ctx(),
                        {"id", "rate", "schedule", "polygon", "list", "pass_down"});
    RechargeSpec out;
    out.label = r.label();
    out.pos = r.pos();
    const auto id = unique_id(r, seen);
    bool ok = id.has_value();
    out.id = id.value_or("");
    if (r.has("list")) {  // extension: rates per cell from a CSV file
      out.list = r.file("list", Need::required);
      out.pass_down = r.boolean("pass_down").value_or(true);
      ok = only_key_of(r, "list", {"rate", "schedule", "polygon"}) && ok;
      if (ok && out.list.present()) spec.recharge.push_back(std::move(out));
      continue;
    }
    if (r.has("pass_down")) r.error("pass_down", "only applies with list = \"cells.csv\"");
    if (const toml::node* rate = r.find("rate"); rate && rate->is_table()) {
      out.rate_file = r.field("rate", QuantityKind::recharge_rate, Need::required, true);
      ok = ok && out.rate_file.present();
    } else if (rate) {
      out.rate_m_per_d = r.quantity("rate", QuantityKind::recharge_rate, Need::optional);
      ok = ok && out.rate_m_per_d;
    }
    out.schedule = r.file("schedule", Need::optional);
    ok = ok && (!r.has("schedule") || out.schedule.present());
    if (out.rate_file.present() && r.has("schedule")) {
      r.error("schedule", "cannot be combined with rate = { file = ... }; expected one of them");
      ok = false;
    }
    if (!r.has("rate") && !r.has("schedule")) {
      r.missing("rate", "or schedule: a recharge rate like \"2 mm/d\", rate = { file = "
                        "\"rch.csv\" }, or a date,rate_m_per_d CSV file");
      ok = false;
    }
    out.polygon = r.file("polygon", Need::optional);
    ok = ok && (!r.has("polygon") || out.polygon.present());
    if (ok) spec.recharge.push_back(std::move(out));
  }
}

}  // namespace aquifer::params
