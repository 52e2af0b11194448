// [[flooding]] -> solver::Flooding: the paddy area inside each active column (exact
// polygon/cell overlap), and the flooded share over time, from a recurring season or from a
// schedule of flooded areas.
//
// Potential infiltration of a column [m3/d] = infiltration [m/d] x area_m2 [m2] x share [-];
// the solver applies it to the uppermost active cell and rejects it near land surface.
#include <cmath>
#include <unordered_set>

#include "params/model_builder.hpp"
#include "params/seasons.hpp"
#include "params/units.hpp"

namespace aquifer::params {
namespace {

// Overlaps below this fraction of a cell are round-off slivers along shared edges.
constexpr double kSliverFraction = 1e-12;
// A scheduled flooded area may exceed the paddy area by this much (relative) before it is an
// error: areas written in ha with a few decimals meet polygon areas summed from coordinates.
constexpr double kAreaSlack = 1e-9;
constexpr double kM2PerHa = 1e4;

std::string hectares(double area_m2) { return format_number(area_m2 / kM2PerHa) + " ha"; }

// The uppermost active cell of a column (as the solver picks it), or -1.
std::int64_t uppermost_active(const solver::Model& m, std::int64_t column) {
  const std::int64_t layer_size = static_cast<std::int64_t>(m.grid.nx) * m.grid.ny;
  for (int k = 0; k < m.grid.nlay; ++k) {
    const std::int64_t cell = k * layer_size + column;
    if (m.properties.active[static_cast<std::size_t>(cell)] != 0) return cell;
  }
  return -1;
}

struct PaddyAreas final {
  std::vector<solver::FloodingColumn> columns;  // active columns with their paddy area
  double active_m2 = 0.0;         // sum over `columns`
  double fixed_head_m2 = 0.0;     // part of it over constant-head cells (no infiltration)
};

// Columns with their overlap areas; warns about area left out. False when unusable.
bool paddy_columns(BuildContext& ctx, const FloodingSpec& f, PaddyAreas& out) {
  const solver::GridGeometry& g = ctx.model.grid;
  const MultiPolygon* shape = ctx.files.polygons(f.polygon);
  if (!shape) return false;
  std::unordered_set<std::int64_t> fixed_heads;
  for (const auto& c : ctx.model.constant_heads) fixed_heads.insert(c.cell);
  const Rect box = shape->bounding_box();
  std::int64_t inactive_cells = 0;
  for (int row = 0; row < g.ny; ++row) {
    for (int col = 0; col < g.nx; ++col) {
      const Rect cell{g.x0_m + col * g.dx_m, g.y0_m + row * g.dy_m, g.x0_m + (col + 1) * g.dx_m,
                      g.y0_m + (row + 1) * g.dy_m};
      if (!cell.intersects(box)) continue;
      const double area_m2 = overlap_area(*shape, cell);
      if (!(area_m2 > kSliverFraction * g.cell_area_m2())) continue;
      const std::int64_t column = static_cast<std::int64_t>(row) * g.nx + col;
      const std::int64_t top = uppermost_active(ctx.model, column);
      if (top < 0) {
        ++inactive_cells;
        continue;
      }
      out.columns.push_back({column, area_m2});
      out.active_m2 += area_m2;
      if (fixed_heads.count(top) != 0) out.fixed_head_m2 += area_m2;
    }
  }
  if (out.columns.empty()) {
    ctx.problems.error(f.polygon.pos, f.label + " polygon: covers no active cell; expected "
                                                "paddies overlapping the active area" +
                                          crs_hint(*shape, g));
    return false;
  }
  const double total_m2 = area(*shape);
  const double lost_m2 = total_m2 - out.active_m2;
  if (lost_m2 > kAreaSlack * total_m2) {
    ctx.problems.warning(
        f.polygon.pos,
        f.label + " polygon: " + hectares(lost_m2) + " of its " + hectares(total_m2) +
            " lie outside the grid or in inactive cells (" + std::to_string(inactive_cells) +
            (inactive_cells == 1 ? " cell" : " cells") + ") and get no infiltration");
  }
  if (out.fixed_head_m2 > 0.0) {
    ctx.problems.warning(f.polygon.pos,
                         f.label + " polygon: " + hectares(out.fixed_head_m2) +
                             " lie over constant-head cells, which take no infiltration");
  }
  return true;
}

// share(t) = flooded area(t) / paddy area over the active columns.
bool scheduled_share(BuildContext& ctx, const FloodingSpec& f, double paddy_m2,
                     solver::PiecewiseConstant& share) {
  ScheduleFormat format{"flooded_area_ha", ctx.spec.start_epoch_d, ctx.spec.utc_offset_min};
  format.header_required = true;
  std::vector<SourcePos> where;
  share = solver::PiecewiseConstant::constant(0.0);
  // Rows that were read are checked even when others were not (to list every problem).
  bool ok = read_schedule(ctx.files, f.schedule, format, share, &where);
  for (std::size_t i = 0; i < share.values.size(); ++i) {
    const double flooded_m2 = share.values[i] * kM2PerHa;
    if (flooded_m2 < 0.0) {
      ctx.problems.error(where[i], "flooded_area_ha: " + format_number(share.values[i]) +
                                       " is negative; expected a flooded area >= 0 ha");
      ok = false;
    } else if (flooded_m2 > paddy_m2 * (1.0 + kAreaSlack)) {
      ctx.problems.error(where[i], "flooded_area_ha: " + format_number(share.values[i]) +
                                       " ha is more than the paddy area of " + f.label + " (" +
                                       hectares(paddy_m2) +
                                       " inside active cells); expected at most that area");
      ok = false;
    }
    share.values[i] = std::min(1.0, flooded_m2 / paddy_m2);
  }
  return ok;
}

void warn_if_never_flooded(BuildContext& ctx, const FloodingSpec& f,
                           const solver::PiecewiseConstant& share) {
  const solver::TimeControl& t = ctx.model.time;
  const double mean = t.steady_only ? share.at(0.0) : share.average(0.0, t.end_d);
  if (mean > 0.0) return;
  const std::string why = f.schedule.present() ? "the schedule's flooded area is 0"
                          : f.years.empty()    ? "no season overlaps it"
                                               : "no season of the listed years overlaps it";
  const SourcePos where = f.schedule.present() ? f.schedule.pos
                          : f.years.empty()    ? f.pos
                                               : f.years_pos;
  ctx.problems.warning(where, f.label + " adds no water to this run (" + why + ")");
}

}  // namespace

void build_flooding(BuildContext& ctx) {
  for (const auto& f : ctx.spec.flooding) {
    solver::Flooding flooding;
    flooding.id = f.id;
    flooding.credited_to = f.credited_to;
    flooding.infiltration_m_per_d = f.infiltration_m_per_d;
    flooding.rejection_band_m = f.rejection_band_m;
    PaddyAreas paddies;
    if (!paddy_columns(ctx, f, paddies) || !ctx.spec.start_valid) continue;
    flooding.columns = std::move(paddies.columns);
    if (f.schedule.present()) {
      if (!scheduled_share(ctx, f, paddies.active_m2, flooding.flooded_share)) continue;
    } else {
      // Cover at least a year either side of the run, so that the series also serves a
      // steady-state start and anyone reading it near the ends.
      const double end_d = ctx.model.time.steady_only ? 0.0 : ctx.model.time.end_d;
      const SeasonCalendar calendar{ctx.spec.start_epoch_d, ctx.spec.utc_offset_min};
      flooding.flooded_share = season_share(*f.season, f.years, calendar, -366.0, end_d + 366.0);
    }
    warn_if_never_flooded(ctx, f, flooding.flooded_share);
    ctx.model.flooding.push_back(std::move(flooding));
  }
}

}  // namespace aquifer::params
