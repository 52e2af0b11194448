// Boundaries, wells and recharge -> solver cells: selections checked against the grid,
// inactive cells skipped, conductances from leakances, well screens split by K * overlap,
// schedules read relative to the model start, recharge weights from exact overlap areas.
#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "params/data_files.hpp"
#include "params/model_builder.hpp"
#include "params/units.hpp"

namespace aquifer::params {
namespace {

bool range_fits(BuildContext& ctx, const BoundarySpec& b, const IndexRange& r, int n,
                const char* name, const char* count_name) {
  if (r.last <= n) return true;
  ctx.problems.error(r.pos, b.label + ": " + name + " range [" + std::to_string(r.first) + ", " +
                                std::to_string(r.last) + "] is outside the grid; expected " +
                                count_name + " from 1 to " + std::to_string(n));
  return false;
}

// Cells [layer, row, col] (0-based) that the boundary selects, active or not.
std::vector<std::array<int, 3>> selected_cells(BuildContext& ctx, const BoundarySpec& b,
                                               const MultiPolygon** shape_out) {
  const solver::GridGeometry& g = ctx.model.grid;
  std::vector<std::array<int, 3>> cells;
  if (!range_fits(ctx, b, b.layers, g.nlay, "layer", "layers")) return cells;
  std::vector<std::uint8_t> inside;
  int col0 = 1, col1 = g.nx, row0 = 1, row1 = g.ny;
  if (b.use_box) {
    const bool cols_ok = range_fits(ctx, b, b.cols, g.nx, "col", "columns");
    const bool rows_ok = range_fits(ctx, b, b.rows, g.ny, "row", "rows");
    if (!cols_ok || !rows_ok) return cells;
    col0 = b.cols.first, col1 = b.cols.last, row0 = b.rows.first, row1 = b.rows.last;
  } else {
    const MultiPolygon* shape = ctx.files.polygons(b.polygon);
    if (!shape) return cells;
    *shape_out = shape;
    inside = centres_inside(*shape, g);
  }
  for (int layer = b.layers.first - 1; layer < b.layers.last; ++layer) {
    for (int row = row0 - 1; row < row1; ++row) {
      for (int col = col0 - 1; col < col1; ++col) {
        if (!inside.empty() && !inside[static_cast<std::size_t>(row) * g.nx + col]) continue;
        cells.push_back({layer, row, col});
      }
    }
  }
  return cells;
}

solver::HeadDependentKind dependent_kind(BoundarySpec::Kind kind) {
  switch (kind) {
    case BoundarySpec::Kind::river: return solver::HeadDependentKind::river;
    case BoundarySpec::Kind::drain: return solver::HeadDependentKind::drain;
    default: return solver::HeadDependentKind::general_head;
  }
}

void add_boundary(BuildContext& ctx, const BoundarySpec& b,
                  std::unordered_map<std::int64_t, std::size_t>& chd_index) {
  const solver::GridGeometry& g = ctx.model.grid;
  const MultiPolygon* shape = nullptr;
  const auto cells = selected_cells(ctx, b, &shape);
  if (cells.empty() && !b.use_box && !shape) return;  // polygon unreadable (reported)
  // Extension: head = { file = ... } gives each column its own head (e.g. land surface).
  std::optional<Raster> head_raster;
  if (b.head_file.present()) {
    head_raster = read_raster(ctx.files, {b.head_file.path, b.head_file.pos}, g.nx, g.ny, {1},
                              b.head_file.file_factor, b.label + " head");
    if (!head_raster) return;  // reported
  }
  int group = -1;
  if (b.kind != BoundarySpec::Kind::constant_head) {
    group = static_cast<int>(ctx.model.boundary_groups.size());
    ctx.model.boundary_groups.push_back(b.name);
  }
  std::int64_t used = 0, replaced = 0, bed_above_stage = 0;
  for (const auto& [layer, row, col] : cells) {
    const std::int64_t cell = g.index(layer, row, col);
    if (!ctx.model.properties.active[static_cast<std::size_t>(cell)]) continue;
    ++used;
    const double head_m =
        head_raster ? head_raster->values[static_cast<std::size_t>(row) * g.nx + col] : b.head_m;
    if (!std::isfinite(head_m)) {
      ctx.problems.error(head_raster->where[static_cast<std::size_t>(row) * g.nx + col],
                         b.label + " head: expected a number in every selected active cell, "
                                   "got nan");
      continue;
    }
    if (b.kind == BoundarySpec::Kind::constant_head) {
      const auto [it, inserted] = chd_index.emplace(cell, ctx.model.constant_heads.size());
      if (inserted) {
        ctx.model.constant_heads.push_back({cell, head_m});
      } else {
        ctx.model.constant_heads[it->second].head_m = head_m;
        ++replaced;
      }
      continue;
    }
    solver::HeadDependentCell h;
    h.kind = dependent_kind(b.kind);
    h.cell = cell;
    h.reference_head_m = head_m;
    if (b.bottom_m && !(*b.bottom_m < head_m)) ++bed_above_stage;
    h.conductance_m2_per_d = b.conductance_m2_per_d
                                 ? *b.conductance_m2_per_d
                                 : b.leakance_per_d.value_or(0.0) * g.cell_area_m2();
    h.river_bottom_m = b.bottom_m.value_or(0.0);
    h.group = group;
    ctx.model.head_dependent.push_back(h);
  }
  if (bed_above_stage > 0) {
    ctx.problems.error(b.pos, b.label + ": the river bed bottom " + format_number(*b.bottom_m) +
                                  " m is not below the stage in " +
                                  std::to_string(bed_above_stage) +
                                  " cells of the head file; expected bottom < head everywhere");
  }
  if (replaced > 0) {
    ctx.problems.warning(b.pos,
                         b.label + " replaces the constant head of " + std::to_string(replaced) +
                             (replaced == 1 ? " cell" : " cells") + " set by an earlier boundary");
  }
  const bool ranges_bad = cells.empty() && b.use_box;  // reported by range_fits (or empty)
  if (used == 0 && !ranges_bad) {
    ctx.problems.error(b.pos, b.label + ": selects no active cell; expected at least one "
                                        "active cell" + (shape ? crs_hint(*shape, g) : ""));
  }
}

}  // namespace

void build_boundaries(BuildContext& ctx) {
  std::unordered_map<std::int64_t, std::size_t> chd_index;
  for (const auto& b : ctx.spec.boundaries) {
    if (b.list.present()) build_boundary_list(ctx, b);
    else add_boundary(ctx, b, chd_index);
  }
}

namespace {

// Column and row of a point, or false (reported) when outside the grid.
bool locate_well(BuildContext& ctx, const WellSpec& w, int& row, int& col) {
  const solver::GridGeometry& g = ctx.model.grid;
  const double fcol = std::floor((w.x_m - g.x0_m) / g.dx_m);
  const double frow = std::floor((w.y_m - g.y0_m) / g.dy_m);
  if (fcol >= 0 && fcol < g.nx && frow >= 0 && frow < g.ny) {
    col = static_cast<int>(fcol);
    row = static_cast<int>(frow);
    return true;
  }
  ctx.problems.error(
      w.xy_pos, w.label + ": (x, y) = (" + format_number(w.x_m) + ", " + format_number(w.y_m) +
                    ") lies outside the grid; expected x in [" + format_number(g.x0_m) + ", " +
                    format_number(g.x0_m + g.nx * g.dx_m) + ") and y in [" + format_number(g.y0_m) +
                    ", " + format_number(g.y0_m + g.ny * g.dy_m) + ")");
  return false;
}

// Shares by K * screen overlap over the active layers of the column.
std::vector<solver::WellCellShare> screen_shares(BuildContext& ctx, const WellSpec& w, int row,
                                                 int col) {
  const solver::GridGeometry& g = ctx.model.grid;
  const solver::CellProperties& p = ctx.model.properties;
  std::vector<solver::WellCellShare> shares;
  double total = 0.0;
  for (int layer = 0; layer < g.nlay; ++layer) {
    const auto cell = static_cast<std::size_t>(g.index(layer, row, col));
    if (!p.active[cell]) continue;
    const double overlap =
        std::min((*w.screen_m)[0], p.top_m[cell]) - std::max((*w.screen_m)[1], p.bottom_m[cell]);
    if (!(overlap > 0)) continue;
    const double weight = p.k_m_per_d[cell] * overlap;
    shares.push_back({static_cast<std::int64_t>(cell), weight});
    total += weight;
  }
  if (total > 0) {
    for (auto& s : shares) s.fraction /= total;
    return shares;
  }
  const auto top = static_cast<std::size_t>(g.index(0, row, col));
  const auto bottom = static_cast<std::size_t>(g.index(g.nlay - 1, row, col));
  ctx.problems.error(w.screen_pos, w.label + ": the screen [" + format_number((*w.screen_m)[0]) +
                                       ", " + format_number((*w.screen_m)[1]) +
                                       "] m overlaps no active layer at " + cell_name(row, col) +
                                       "; expected a screen within the layers there (top " +
                                       format_number(p.top_m[top]) + " m, bottom " +
                                       format_number(p.bottom_m[bottom]) + " m)");
  return {};
}

std::vector<solver::WellCellShare> well_cells(BuildContext& ctx, const WellSpec& w) {
  const solver::GridGeometry& g = ctx.model.grid;
  int row = 0, col = 0;
  if (!locate_well(ctx, w, row, col)) return {};
  if (!ctx.active_column[static_cast<std::size_t>(row) * g.nx + col]) {
    ctx.problems.error(w.xy_pos, w.label + ": lies in an inactive cell (" + cell_name(row, col) +
                                     ", outside [grid] active); expected a location inside "
                                     "the active area");
    return {};
  }
  if (w.screen_m) return screen_shares(ctx, w, row, col);
  if (*w.layer > g.nlay) {
    ctx.problems.error(w.layer_pos, w.label + ": layer " + std::to_string(*w.layer) +
                                        " does not exist; expected a layer from 1 to " +
                                        std::to_string(g.nlay));
    return {};
  }
  return {{g.index(*w.layer - 1, row, col), 1.0}};
}

// rate (before the first date, or 0) and schedule.
bool build_series(BuildContext& ctx, std::optional<double> rate, const FileRef& schedule,
                  const std::string& column, solver::PiecewiseConstant& series) {
  series = solver::PiecewiseConstant::constant(rate.value_or(0.0));
  if (!schedule.present()) return true;
  const ScheduleFormat format{column, ctx.spec.start_epoch_d, ctx.spec.utc_offset_min};
  return read_schedule(ctx.files, schedule, format, series);
}

}  // namespace

void build_wells(BuildContext& ctx) {
  for (const auto& w : ctx.spec.wells) {
    if (w.list.present()) {
      build_well_list(ctx, w);
      continue;
    }
    solver::Well well;
    well.id = w.id;
    well.owner = w.owner;
    well.cells = well_cells(ctx, w);
    const bool series_ok =
        build_series(ctx, w.rate_m3_per_d, w.schedule, "rate_m3_per_d", well.rate_m3_per_d);
    if (!well.cells.empty()) well.reduction_fraction = reduction_fraction(ctx, w, well.cells.front().cell);
    if (!well.cells.empty() && series_ok) ctx.model.wells.push_back(std::move(well));
  }
}

namespace {

// Weights of the active columns: polygon area fraction and/or rate-file values.
bool recharge_columns(BuildContext& ctx, const RechargeSpec& r,
                      std::vector<solver::RechargeColumn>& columns) {
  const solver::GridGeometry& g = ctx.model.grid;
  const std::size_t n = static_cast<std::size_t>(g.nx) * g.ny;
  std::vector<double> weight(n, 1.0);
  if (r.rate_file.present()) {
    const auto raster = read_raster(ctx.files, {r.rate_file.path, r.rate_file.pos}, g.nx, g.ny,
                                    {1}, r.rate_file.file_factor, r.label + " rate");
    if (!raster) return false;
    CellIssues issues(r.label + " rate");
    for (std::size_t c = 0; c < n; ++c) {
      weight[c] = raster->values[c];
      if (ctx.active_column[c] && !std::isfinite(weight[c])) {
        issues.add(raster->where[c], static_cast<int>(c) / g.nx, static_cast<int>(c) % g.nx,
                   "expected a finite recharge rate in every active cell");
      }
    }
    issues.report(ctx.problems, r.rate_file.pos);
  }
  const MultiPolygon* shape = nullptr;
  if (r.polygon.present()) {
    shape = ctx.files.polygons(r.polygon);
    if (!shape) return false;
  }
  const Rect box = shape ? shape->bounding_box() : Rect{};
  for (std::size_t c = 0; c < n; ++c) {
    if (!ctx.active_column[c] || !std::isfinite(weight[c])) continue;
    const int row = static_cast<int>(c) / g.nx;
    const int col = static_cast<int>(c) % g.nx;
    double w = weight[c];
    if (shape) {
      const Rect cell{g.x0_m + col * g.dx_m, g.y0_m + row * g.dy_m, g.x0_m + (col + 1) * g.dx_m,
                      g.y0_m + (row + 1) * g.dy_m};
      if (!cell.intersects(box)) continue;
      const double fraction = overlap_area(*shape, cell) / g.cell_area_m2();
      w *= fraction > 1e-12 ? fraction : 0.0;  // drop round-off slivers along edges
    }
    if (w != 0.0) columns.push_back({static_cast<std::int64_t>(c), w});
  }
  if (columns.empty() && shape) {
    ctx.problems.error(r.polygon.pos, r.label + " polygon: covers no active cell; expected a "
                                                "polygon overlapping the active area" +
                                          crs_hint(*shape, g));
    return false;
  }
  return true;
}

}  // namespace

void build_recharge(BuildContext& ctx) {
  for (const auto& r : ctx.spec.recharge) {
    if (r.list.present()) {
      build_recharge_list(ctx, r);
      continue;
    }
    solver::Recharge recharge;
    recharge.id = r.id;
    const bool columns_ok = recharge_columns(ctx, r, recharge.columns);
    bool series_ok = true;
    if (r.rate_file.present()) {
      recharge.rate_m_per_d = solver::PiecewiseConstant::constant(1.0);  // weights hold rates
    } else {
      series_ok = build_series(ctx, r.rate_m_per_d, r.schedule, "rate_m_per_d",
                               recharge.rate_m_per_d);
    }
    if (columns_ok && recharge.columns.empty()) {
      ctx.problems.warning(r.pos, r.label + " applies to no cell (all weights are zero)");
    }
    if (columns_ok && series_ok) ctx.model.recharge.push_back(std::move(recharge));
  }
}

}  // namespace aquifer::params
