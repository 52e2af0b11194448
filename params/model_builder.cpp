// ScenarioSpec -> solver::Model: grid, active cells, initial heads, time and solver settings;
// layers and stresses are built in layer_builder.cpp and stress_builder.cpp.
#include "params/model_builder.hpp"

#include <algorithm>
#include <cmath>

#include "params/units.hpp"

namespace aquifer::params {

std::string cell_name(int row, int col) {
  return "row " + std::to_string(row + 1) + ", column " + std::to_string(col + 1);
}

void CellIssues::add(const SourcePos& where, int row, int col, const std::string& problem) {
  const auto key = std::tuple(where.file, where.line, where.column);
  const auto it = index_.find(key);
  if (it != index_.end()) {
    ++groups_[it->second].count;
    return;
  }
  index_.emplace(key, groups_.size());
  groups_.push_back({where, problem, row, col, 1});
}

void CellIssues::report(Problems& problems, const SourcePos& summary_pos) const {
  std::int64_t unlisted = 0;
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    const Group& g = groups_[i];
    if (i >= max_listed) {
      unlisted += g.count;
      continue;
    }
    std::string where = "at " + cell_name(g.row, g.col);
    if (g.count > 1) where += " and " + std::to_string(g.count - 1) + " more active cells";
    problems.error(g.where, what_ + ": " + g.problem + " (" + where + ")");
  }
  if (unlisted > 0) {
    problems.error(summary_pos, what_ + ": " + std::to_string(unlisted) +
                                    " more cells with invalid values are not listed");
  }
}

std::vector<std::uint8_t> centres_inside(const MultiPolygon& shape,
                                         const solver::GridGeometry& grid) {
  std::vector<std::uint8_t> inside(static_cast<std::size_t>(grid.nx) * grid.ny, 0);
  const Rect box = shape.bounding_box();
  for (int row = 0; row < grid.ny; ++row) {
    const double y = grid.y_centre(row);
    if (y < box.y_min || y > box.y_max) continue;
    for (int col = 0; col < grid.nx; ++col) {
      const Point p{grid.x_centre(col), y};
      if (p.x < box.x_min || p.x > box.x_max) continue;
      inside[static_cast<std::size_t>(row) * grid.nx + col] = contains(shape, p) ? 1 : 0;
    }
  }
  return inside;
}

std::string crs_hint(const MultiPolygon& shape, const solver::GridGeometry& grid) {
  const Rect box = shape.bounding_box();
  const Rect extent{grid.x0_m, grid.y0_m, grid.x0_m + grid.nx * grid.dx_m,
                    grid.y0_m + grid.ny * grid.dy_m};
  if (box.intersects(extent)) return "";
  return " (the polygon spans x " + format_number(box.x_min) + " .. " + format_number(box.x_max) +
         ", y " + format_number(box.y_min) + " .. " + format_number(box.y_max) +
         " but the grid x " + format_number(extent.x_min) + " .. " + format_number(extent.x_max) +
         ", y " + format_number(extent.y_min) + " .. " + format_number(extent.y_max) +
         "; polygons must use the grid's CRS, not longitude/latitude)";
}

namespace {

// [formulation] kind = "mf6": the settings MF6 derives (as mf6/to_model.cpp does): Newton's
// saturation smoothing width, and drying of convertible cells in the standard formulation.
void build_formulation(BuildContext& ctx) {
  solver::Model& m = ctx.model;
  m.formulation = ctx.spec.formulation;
  if (!m.formulation.mf6) return;
  m.formulation.saturation_omega = m.formulation.newton ? 1e-6 : 0.0;
  const auto& p = m.properties;
  bool any_convertible = false;
  for (std::size_t c = 0; c < p.cell_convertible.size(); ++c) any_convertible = any_convertible || p.cell_convertible[c] != 0;
  if (p.cell_convertible.empty())
    for (const auto t : p.layer_type) any_convertible = any_convertible || t == solver::LayerType::convertible;
  m.formulation.wet_dry = !m.formulation.newton && any_convertible;
}

// Type file value -1 (MF6 THICKSTRT): the confined cell's conductances use the saturated
// fraction of its initial head, (h0 - bottom) / (top - bottom), 1 at or above the top (the
// same expression as mf6/to_model.cpp).
void build_confined_saturation(BuildContext& ctx) {
  if (ctx.thickstrt_cell.empty()) return;
  auto& p = ctx.model.properties;
  p.confined_saturation.assign(ctx.thickstrt_cell.size(), 1.0);
  for (std::size_t c = 0; c < ctx.thickstrt_cell.size(); ++c) {
    if (!ctx.thickstrt_cell[c]) continue;
    const double h0 = ctx.model.initial_head_m[c];
    const double b = p.top_m[c] - p.bottom_m[c];
    p.confined_saturation[c] = h0 >= p.top_m[c] ? 1.0 : std::max(0.0, (h0 - p.bottom_m[c]) / b);
  }
}

// [grid] dx / dy = { file }: nx widths on one line (west to east), or ny lines of one width
// (the first line the northern row, as in raster files); each > 0 [m] (MF6 DELR / DELC).
// Keys that place things by coordinates assume equal cells, so they are refused with them.
std::vector<double> axis_widths(BuildContext& ctx, const FieldSpec& spec, int nx, int ny, const char* key) {
  const std::string what = std::string("[grid] ") + key;
  const auto raster = read_raster(ctx.files, {spec.path, spec.pos}, nx, ny, {1}, spec.file_factor, what);
  if (!raster) return {};
  CellIssues issues(what);
  for (std::size_t i = 0; i < raster->values.size(); ++i)
    if (!(raster->values[i] > 0) || !std::isfinite(raster->values[i]))
      issues.add(raster->where[i], static_cast<int>(i) / nx, static_cast<int>(i) % nx,
                 "width " + format_number(raster->values[i]) + ": expected a positive length");
  const bool bad = !issues.empty();
  issues.report(ctx.problems, spec.pos);
  return bad ? std::vector<double>{} : raster->values;
}

void build_grid_widths(BuildContext& ctx) {
  const GridSpec& spec = ctx.spec.grid;
  if (!spec.dx_file.present() && !spec.dy_file.present()) return;
  solver::GridGeometry& g = ctx.model.grid;
  if (spec.dx_file.present()) {
    g.col_width_m = axis_widths(ctx, spec.dx_file, g.nx, 1, "dx");
    if (!g.col_width_m.empty()) g.dx_m = g.col_width_m.front();
  }
  if (spec.dy_file.present()) {
    g.row_width_m = axis_widths(ctx, spec.dy_file, 1, g.ny, "dy");
    if (!g.row_width_m.empty()) g.dy_m = g.row_width_m.back();  // the northern row (MF6 DELC(1))
  }
  // Both or neither: the solver takes an empty vector as dx_m / dy_m everywhere.
  if (g.col_width_m.empty() != g.row_width_m.empty()) {
    if (g.col_width_m.empty()) g.col_width_m.assign(static_cast<std::size_t>(g.nx), g.dx_m);
    else g.row_width_m.assign(static_cast<std::size_t>(g.ny), g.dy_m);
  }
  const SourcePos at = spec.dx_file.present() ? spec.dx_file.pos : spec.dy_file.pos;
  const auto refuse = [&](const SourcePos& pos, const std::string& what) {
    ctx.problems.error(pos, what + ": needs equal cells ([grid] dx and dy as lengths); with per-column/row widths "
                                   "(line " + std::to_string(at.line) + ") use list = \"...\" tables");
  };
  for (const auto& b : ctx.spec.boundaries)
    if (!b.list.present() && (!b.use_box || b.leakance_per_d)) refuse(b.pos, b.label + " polygon or leakance");
  for (const auto& w : ctx.spec.wells)
    if (!w.list.present()) refuse(w.pos, w.label + " x, y");
  for (const auto& r : ctx.spec.recharge)
    if (r.polygon.present()) refuse(r.polygon.pos, r.label + " polygon");
  for (const auto& f : ctx.spec.flooding) refuse(f.pos, f.label);
  if (!ctx.spec.observation_wells.empty()) refuse(at, "[[observation_wells]]");
}

void build_active_columns(BuildContext& ctx) {
  const solver::GridGeometry& grid = ctx.model.grid;
  ctx.active_column.assign(static_cast<std::size_t>(grid.nx) * grid.ny, 1);
  const FileRef& active = ctx.spec.grid.active;
  if (!active.present()) return;
  const MultiPolygon* shape = ctx.files.polygons(active);
  if (!shape) return;
  ctx.active_column = centres_inside(*shape, grid);
  if (std::none_of(ctx.active_column.begin(), ctx.active_column.end(),
                   [](std::uint8_t a) { return a != 0; })) {
    ctx.problems.error(active.pos, "[grid] active: no cell centre lies inside the polygon, so "
                                   "no cell is active; expected a polygon covering part of the "
                                   "grid" + crs_hint(*shape, grid));
  }
}

// Initial head from a file: ny lines (every layer) or nlay*ny lines (layer 1 first).
void initial_head_from_file(BuildContext& ctx, const FieldSpec& head) {
  const solver::GridGeometry& g = ctx.model.grid;
  const std::string what = "[initial] head";
  const auto raster = read_raster(ctx.files, {head.path, head.pos}, g.nx, g.ny, {1, g.nlay},
                                  head.file_factor, what);
  if (!raster) return;
  CellIssues issues(what);
  const std::size_t per_layer = static_cast<std::size_t>(g.nx) * g.ny;
  for (int layer = 0; layer < g.nlay; ++layer) {
    const std::size_t block = raster->blocks == 1 ? 0 : static_cast<std::size_t>(layer);
    for (std::size_t c = 0; c < per_layer; ++c) {
      const double value = raster->values[block * per_layer + c];
      const auto cell = static_cast<std::size_t>(layer) * per_layer + c;
      ctx.model.initial_head_m[cell] = value;
      if (ctx.model.properties.active[cell] && !std::isfinite(value)) {
        issues.add(raster->where[block * per_layer + c], static_cast<int>(c) / g.nx,
                   static_cast<int>(c) % g.nx, "expected a finite head in every active cell");
      }
    }
  }
  issues.report(ctx.problems, head.pos);
}

void build_initial_head(BuildContext& ctx) {
  solver::Model& m = ctx.model;
  const solver::GridGeometry& g = m.grid;
  const InitialSpec& initial = ctx.spec.initial;
  m.initial_head_m.assign(static_cast<std::size_t>(g.cell_count()), 0.0);
  if (initial.kind == InitialSpec::Kind::field && initial.head.kind == FieldSpec::Kind::file) {
    initial_head_from_file(ctx, initial.head);
    return;
  }
  for (int layer = 0; layer < g.nlay; ++layer) {
    for (int row = 0; row < g.ny; ++row) {
      for (int col = 0; col < g.nx; ++col) {
        const double top1 = m.properties.top_m[static_cast<std::size_t>(g.index(0, row, col))];
        m.initial_head_m[static_cast<std::size_t>(g.index(layer, row, col))] =
            initial.kind == InitialSpec::Kind::field ? initial.head.value : top1;
      }
    }
  }
  m.time.initial_steady = initial.kind == InitialSpec::Kind::steady && !m.time.steady_only;
  m.time.initial_steady_average_d = initial.steady_average_d;
}

}  // namespace

void build_model(const ScenarioSpec& spec, InputFiles& files, solver::Model& model) {
  model.name = spec.name;
  model.time = spec.time;
  model.solver = spec.solver;
  if (!spec.grid.valid || spec.layers.empty()) return;  // reported by the reader
  model.grid = spec.grid.geometry;
  model.grid.nlay = static_cast<int>(spec.layers.size());
  BuildContext ctx{spec, files, files.problems(), model, spec.scenario_file, {}, {}};
  build_grid_widths(ctx);
  build_active_columns(ctx);
  build_layers(ctx);
  build_formulation(ctx);
  build_initial_head(ctx);
  build_confined_saturation(ctx);
  build_boundaries(ctx);
  build_wells(ctx);
  build_recharge(ctx);
  build_flooding(ctx);
}

}  // namespace aquifer::params
