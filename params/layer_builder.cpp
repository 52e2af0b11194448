// Layers -> CellProperties: each property of a layer is a constant or a raster file, overridden
// by zones in order; K_v defaults to K / 10; every value read from a file is range-checked in
// active cells, and every active cell needs bottom < top.
#include <cmath>
#include <limits>

#include "params/model_builder.hpp"
#include "params/units.hpp"

namespace aquifer::params {
namespace {

// One property over one layer, with the position each value came from.
struct LayerField final {
  std::vector<double> value;     // [row * nx + col]
  std::vector<SourcePos> where;  // file -1: unknown (no checks), scenario: TOML constant
};

struct LayerFields final {
  LayerField top, bottom, k, kv, ss, sy;
  LayerField k_y, convertible, storage_convertible, wetdry;  // extensions; empty when not given
  std::vector<std::uint8_t> active;  // [grid] active and the layer's own active file
};

constexpr SourcePos nowhere{-1, 0, 0};

void fill_constant(LayerField& f, std::size_t n, double value, const SourcePos& where) {
  f.value.assign(n, value);
  f.where.assign(n, where);
}

// Constant or raster. A file that cannot be used (reported) gives `fallback` with no position.
void fill(BuildContext& ctx, const FieldSpec& spec, const std::string& what, double fallback,
          LayerField& out) {
  const solver::GridGeometry& g = ctx.model.grid;
  const std::size_t n = static_cast<std::size_t>(g.nx) * g.ny;
  if (spec.kind == FieldSpec::Kind::constant) {
    fill_constant(out, n, spec.value, spec.pos);
    return;
  }
  if (spec.kind == FieldSpec::Kind::file) {
    auto raster = read_raster(ctx.files, {spec.path, spec.pos}, g.nx, g.ny, {1},
                              spec.file_factor, what);
    if (raster) {
      out.value = std::move(raster->values);
      out.where = std::move(raster->where);
      return;
    }
  }
  fill_constant(out, n, fallback, nowhere);
}

void override_inside(const std::vector<std::uint8_t>& inside, const FieldSpec& spec,
                     LayerField& f) {
  if (spec.kind != FieldSpec::Kind::constant) return;
  for (std::size_t c = 0; c < inside.size(); ++c) {
    if (!inside[c]) continue;
    f.value[c] = spec.value;
    f.where[c] = spec.pos;
  }
}

void apply_zones(BuildContext& ctx, const LayerSpec& layer, LayerFields& f) {
  for (std::size_t z = 0; z < layer.zones.size(); ++z) {
    const ZoneSpec& zone = layer.zones[z];
    const MultiPolygon* shape = ctx.files.polygons(zone.polygon);
    if (!shape) continue;
    const auto inside = centres_inside(*shape, ctx.model.grid);
    bool any = false;
    for (std::size_t c = 0; c < inside.size(); ++c)
      any = any || (inside[c] && ctx.active_column[c]);
    if (!any) {
      ctx.problems.warning(zone.pos, layer.label + " zone #" + std::to_string(z + 1) +
                                         " covers no active cell centre; it changes nothing" +
                                         crs_hint(*shape, ctx.model.grid));
    }
    override_inside(inside, zone.k, f.k);
    override_inside(inside, zone.k_vertical, f.kv);
    override_inside(inside, zone.ss, f.ss);
    override_inside(inside, zone.sy, f.sy);
  }
}

bool is_checked(const BuildContext& ctx, const SourcePos& where) {
  return where.file >= 0 && where.file != ctx.scenario_file;  // constants: checked by the reader
}

void check_values(BuildContext& ctx, Property p, const LayerField& f, const LayerSpec& layer,
                  const SourcePos& summary_pos, const std::vector<std::uint8_t>& active,
                  const char* key = nullptr) {
  const int nx = ctx.model.grid.nx;
  CellIssues issues(layer.label + " " + (key ? key : property_key(p)));
  for (std::size_t c = 0; c < f.value.size(); ++c) {
    if (!active[c] || !is_checked(ctx, f.where[c])) continue;
    const std::string_view why = check_property(p, f.value[c]);
    if (why.empty()) continue;
    issues.add(f.where[c], static_cast<int>(c) / nx, static_cast<int>(c) % nx,
               "value " + format_number(f.value[c]) + ": " + std::string(why));
  }
  issues.report(ctx.problems, summary_pos);
}

void check_thickness(BuildContext& ctx, const LayerFields& f, const LayerSpec& layer) {
  const int nx = ctx.model.grid.nx;
  CellIssues issues(layer.label + " bottom");
  for (std::size_t c = 0; c < f.top.value.size(); ++c) {
    const double top = f.top.value[c];
    const double bottom = f.bottom.value[c];
    if (!f.active[c] || !std::isfinite(top) || !std::isfinite(bottom)) continue;
    if (bottom < top) continue;
    const SourcePos& at_bottom = f.bottom.where[c];
    const SourcePos& at_top = f.top.where[c];
    if (at_bottom.file < 0 || at_top.file < 0) continue;  // unreadable input, reported
    if (!is_checked(ctx, at_bottom) && !is_checked(ctx, at_top)) continue;  // reader did it
    issues.add(is_checked(ctx, at_bottom) ? at_bottom : at_top, static_cast<int>(c) / nx,
               static_cast<int>(c) % nx,
               "bottom " + format_number(bottom) + " m is not below the top " +
                   format_number(top) + " m; expected bottom < top (a positive thickness)");
  }
  issues.report(ctx.problems, layer.bottom.pos);
}

// A per-cell flag file (active, type, storage_type): every value 1 or 0 (nan allowed where
// `active` is 0, i.e. in cells already inactive); with `thickstrt` (type) also -1, which
// needs [formulation] kind = "mf6".
void fill_flags(BuildContext& ctx, const FieldSpec& spec, const std::string& what,
                const std::vector<std::uint8_t>& active, LayerField& out, bool thickstrt = false) {
  fill(ctx, spec, what, 0.0, out);
  if (spec.kind != FieldSpec::Kind::file) return;
  const int nx = ctx.model.grid.nx;
  const bool mf6 = ctx.spec.formulation.mf6;
  CellIssues issues(what);
  for (std::size_t c = 0; c < out.value.size(); ++c) {
    const double v = out.value[c];
    if (v == 0.0 || v == 1.0 || out.where[c].file < 0) continue;
    if (v == -1.0 && thickstrt && mf6) continue;
    if (!std::isfinite(v) && !active[c]) continue;
    const std::string expected = !thickstrt ? "expected 1 or 0"
                                 : v == -1.0 ? "-1 (confined, thickness from the initial head: MF6 THICKSTRT) needs "
                                               "[formulation] kind = \"mf6\""
                                             : "expected 1 (convertible), 0 (confined) or -1 (confined, saturated "
                                               "thickness from the initial head: MF6 THICKSTRT)";
    issues.add(out.where[c], static_cast<int>(c) / nx, static_cast<int>(c) % nx,
               "value " + format_number(v) + ": " + expected);
    out.value[c] = 0.0;
  }
  issues.report(ctx.problems, spec.pos);
}

// wetdry [m]: finite in active cells; only with [formulation] rewet.
void fill_wetdry(BuildContext& ctx, const LayerSpec& layer, LayerFields& f) {
  if (!layer.wetdry.present()) return;
  if (!ctx.spec.formulation.rewet) {
    ctx.problems.error(layer.wetdry.pos, layer.label + " wetdry: only applies with [formulation] rewet = { ... } "
                                                       "(MF6 NPF REWET)");
    return;
  }
  fill(ctx, layer.wetdry, layer.label + " wetdry", 0.0, f.wetdry);
  const int nx = ctx.model.grid.nx;
  CellIssues issues(layer.label + " wetdry");
  for (std::size_t c = 0; c < f.wetdry.value.size(); ++c) {
    if (std::isfinite(f.wetdry.value[c])) continue;
    if (f.active[c] && f.wetdry.where[c].file >= 0)
      issues.add(f.wetdry.where[c], static_cast<int>(c) / nx, static_cast<int>(c) % nx,
                 "expected a finite wetting threshold [m] in every active cell (0 = never rewets)");
    f.wetdry.value[c] = 0.0;
  }
  issues.report(ctx.problems, layer.wetdry.pos);
}

// Extensions: active, k_y, type and storage_type files (MF6 IDOMAIN, K22, ICELLTYPE, ICONVERT).
void extension_fields(BuildContext& ctx, const LayerSpec& layer, LayerFields& f) {
  const std::string& label = layer.label;
  f.active = ctx.active_column;
  if (layer.active.present()) {
    LayerField flags;
    fill_flags(ctx, layer.active, label + " active", ctx.active_column, flags);
    for (std::size_t c = 0; c < f.active.size(); ++c)
      f.active[c] = f.active[c] && flags.value[c] != 0.0 ? 1 : 0;
  }
  if (layer.k_y.present()) {
    fill(ctx, layer.k_y, label + " k_y", 1.0, f.k_y);
    check_values(ctx, Property::k, f.k_y, layer, layer.k_y.pos, f.active, "k_y");
  }
  if (layer.type_file.present()) fill_flags(ctx, layer.type_file, label + " type", f.active, f.convertible, true);
  if (layer.storage_type_file.present())
    fill_flags(ctx, layer.storage_type_file, label + " storage_type", f.active, f.storage_convertible);
  fill_wetdry(ctx, layer, f);
}

// The fields of one layer; `top` is the layer-1 top or the bottom of the layer above.
LayerFields layer_fields(BuildContext& ctx, const LayerSpec& layer, LayerField top) {
  LayerFields f;
  f.top = std::move(top);
  const std::string& label = layer.label;
  fill(ctx, layer.bottom, label + " bottom", std::numeric_limits<double>::quiet_NaN(), f.bottom);
  fill(ctx, layer.k, label + " k", 1.0, f.k);
  const std::size_t n = f.k.value.size();
  if (layer.k_vertical.present()) {
    fill(ctx, layer.k_vertical, label + " k_vertical", 0.1, f.kv);
  } else {
    fill_constant(f.kv, n, std::numeric_limits<double>::quiet_NaN(), nowhere);  // K / 10 below
  }
  fill(ctx, layer.ss, label + " ss", 0.0, f.ss);
  fill(ctx, layer.sy, label + " sy", 0.0, f.sy);
  apply_zones(ctx, layer, f);
  extension_fields(ctx, layer, f);
  if (!layer.k_vertical.present()) {
    for (std::size_t c = 0; c < n; ++c) {
      if (f.kv.where[c].file >= 0) continue;  // set by a zone
      f.kv.value[c] = f.k.value[c] / 10.0;
      f.kv.where[c] = {ctx.scenario_file, layer.pos.line, layer.pos.column};  // not re-checked
    }
  }
  if (&layer == &ctx.spec.layers.front()) {
    check_values(ctx, Property::top, f.top, layer, layer.top.pos, f.active);  // later tops: bottom above
  }
  check_values(ctx, Property::bottom, f.bottom, layer, layer.bottom.pos, f.active);
  check_values(ctx, Property::k, f.k, layer, layer.k.pos, f.active);
  check_values(ctx, Property::k_vertical, f.kv, layer, layer.k_vertical.pos, f.active);
  check_values(ctx, Property::ss, f.ss, layer, layer.ss.pos, f.active);
  check_values(ctx, Property::sy, f.sy, layer, layer.sy.pos, f.active);
  check_thickness(ctx, f, layer);
  return f;
}

void copy_layer(BuildContext& ctx, int layer, const LayerFields& f) {
  solver::CellProperties& p = ctx.model.properties;
  const std::size_t n = f.k.value.size();
  const std::size_t offset = static_cast<std::size_t>(layer) * n;
  for (std::size_t c = 0; c < n; ++c) {
    p.top_m[offset + c] = f.top.value[c];
    p.bottom_m[offset + c] = f.bottom.value[c];
    // Inactive cells may hold "nan" from a raster: keep K, Kv, Ss, Sy finite for the solver.
    auto finite = [](double v) { return std::isfinite(v) ? v : 0.0; };
    p.k_m_per_d[offset + c] = finite(f.k.value[c]);
    p.kv_m_per_d[offset + c] = finite(f.kv.value[c]);
    if (!p.ss_per_m.empty()) {
      p.ss_per_m[offset + c] = finite(f.ss.value[c]);
      p.sy[offset + c] = finite(f.sy.value[c]);
    }
    p.active[offset + c] = f.active[c];
  }
  const auto flag = [](const LayerField& file, std::size_t c, bool fallback) -> std::uint8_t {
    return file.value.empty() ? (fallback ? 1 : 0) : (file.value[c] == 1.0 ? 1 : 0);
  };
  const LayerSpec& spec = ctx.spec.layers[static_cast<std::size_t>(layer)];
  const bool convertible = spec.type == solver::LayerType::convertible;
  const bool storage = spec.storage_type.value_or(spec.type) == solver::LayerType::convertible;
  for (std::size_t c = 0; c < n; ++c) {
    if (!p.k22_m_per_d.empty()) p.k22_m_per_d[offset + c] = f.k_y.value.empty() ? p.k_m_per_d[offset + c] : f.k_y.value[c];
    const std::uint8_t cell_conv = flag(f.convertible, c, convertible);
    if (!f.convertible.value.empty() && f.convertible.value[c] == -1.0) {
      if (ctx.thickstrt_cell.empty()) ctx.thickstrt_cell.assign(p.active.size(), 0);
      ctx.thickstrt_cell[offset + c] = 1;
    }
    if (!p.wetdry_m.empty() && !f.wetdry.value.empty()) p.wetdry_m[offset + c] = f.wetdry.value[c];
    if (!p.cell_convertible.empty()) p.cell_convertible[offset + c] = cell_conv;
    if (!p.storage_convertible.empty())
      p.storage_convertible[offset + c] = spec.storage_type || !f.storage_convertible.value.empty()
                                              ? flag(f.storage_convertible, c, storage)
                                              : cell_conv;
  }
}

}  // namespace

void build_layers(BuildContext& ctx) {
  const solver::GridGeometry& g = ctx.model.grid;
  solver::CellProperties& p = ctx.model.properties;
  const auto cells = static_cast<std::size_t>(g.cell_count());
  for (auto* v : {&p.top_m, &p.bottom_m, &p.k_m_per_d, &p.kv_m_per_d}) v->assign(cells, 0.0);
  // Ss and Sy (still read and checked) are not kept for a steady-only run: no step has a
  // storage term, and 16 bytes a cell of fresh memory is time on large grids.
  const bool keeps_storage = !ctx.model.time.storage_free();
  for (auto* v : {&p.ss_per_m, &p.sy}) v->assign(keeps_storage ? cells : 0, 0.0);
  p.active.assign(cells, 0);
  p.layer_type.clear();
  // Extensions: the per-cell overrides exist when any layer gives them.
  bool k_y = false, type_file = false, storage = false;
  for (const auto& l : ctx.spec.layers) {
    k_y = k_y || l.k_y.present();
    type_file = type_file || l.type_file.present();
    storage = storage || l.storage_type || l.storage_type_file.present();
  }
  p.k22_m_per_d.assign(k_y ? cells : 0, 0.0);
  p.cell_convertible.assign(type_file ? cells : 0, 0);
  p.storage_convertible.assign(storage ? cells : 0, 0);
  p.wetdry_m.assign(ctx.spec.formulation.rewet ? cells : 0, 0.0);
  p.confined_saturation.clear();
  ctx.thickstrt_cell.clear();
  LayerField top;
  const LayerSpec& first = ctx.spec.layers.front();
  fill(ctx, first.top, first.label + " top", std::numeric_limits<double>::quiet_NaN(), top);
  for (std::size_t l = 0; l < ctx.spec.layers.size(); ++l) {
    const LayerSpec& layer = ctx.spec.layers[l];
    LayerFields f = layer_fields(ctx, layer, std::move(top));
    copy_layer(ctx, static_cast<int>(l), f);
    p.layer_type.push_back(layer.type);
    top = std::move(f.bottom);
  }
}

}  // namespace aquifer::params
