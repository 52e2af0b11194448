// ScenarioSpec -> solver::Model: loads the data files, checks everything that needs the grid,
// and fills the solver's plain structs. Internal to params/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "params/data_files.hpp"
#include "params/scenario_spec.hpp"
#include "solver/model.hpp"

namespace aquifer::params {

struct BuildContext final {
  const ScenarioSpec& spec;
  InputFiles& files;
  Problems& problems;
  solver::Model& model;
  int scenario_file = 0;                     // positions in this file are TOML constants
  std::vector<std::uint8_t> active_column;   // [row * nx + col], from [grid] active
  std::vector<std::uint8_t> thickstrt_cell;  // full grid: type file value -1 (empty: none)
};

// Fills `model` as far as the spec allows; every problem goes to files.problems().
void build_model(const ScenarioSpec& spec, InputFiles& files, solver::Model& model);

// 1 for every column whose centre lies inside the shape.
[[nodiscard]] std::vector<std::uint8_t> centres_inside(const MultiPolygon& shape,
                                                       const solver::GridGeometry& grid);
// " (the polygon spans x .. , y .. but the grid x .. , y ..: are both in the same CRS?)"
// when the shape misses the grid entirely, else "".
[[nodiscard]] std::string crs_hint(const MultiPolygon& shape, const solver::GridGeometry& grid);
// "row 3, column 5" (1-based, row 1 = south).
[[nodiscard]] std::string cell_name(int row, int col);

// layer_builder.cpp: top/bottom/K/Kv/Ss/Sy of every cell, zones applied, values checked.
void build_layers(BuildContext& ctx);

// stress_builder.cpp
void build_boundaries(BuildContext& ctx);
void build_wells(BuildContext& ctx);
void build_recharge(BuildContext& ctx);

// list_builder.cpp (extension): list = "file.csv" forms of [[boundary]], [[wells]], [[recharge]]
void build_boundary_list(BuildContext& ctx, const BoundarySpec& b);
void build_well_list(BuildContext& ctx, const WellSpec& w);
void build_recharge_list(BuildContext& ctx, const RechargeSpec& r);
// The index of the budget group `name` in model.boundary_groups (added when new).
[[nodiscard]] int group_named(solver::Model& model, const std::string& name);
// A well's solver::Well::reduction_fraction: flow_reduction, or flow_reduction_length over
// the thickness of `cell`, else the solver's default.
[[nodiscard]] double reduction_fraction(const BuildContext& ctx, const WellSpec& w, std::int64_t cell);

// flooding_builder.cpp: paddy areas per column, flooded share from the season or schedule.
void build_flooding(BuildContext& ctx);

// Groups per-cell problems by the position of the offending value, so that one bad constant
// gives one message and a bad file gives one message per bad value (at most `max_listed`).
class CellIssues final {
 public:
  static constexpr std::size_t max_listed = 20;
  explicit CellIssues(std::string what) : what_(std::move(what)) {}
  void add(const SourcePos& where, int row, int col, const std::string& problem);
  [[nodiscard]] bool empty() const { return groups_.empty(); }
  // Reports the groups; the overflow summary goes to `summary_pos`.
  void report(Problems& problems, const SourcePos& summary_pos) const;

 private:
  struct Group final {
    SourcePos where;
    std::string problem;
    int row = 0;
    int col = 0;
    std::int64_t count = 0;
  };
  std::string what_;
  std::vector<Group> groups_;
  std::map<std::tuple<int, int, int>, std::size_t> index_;
};

}  // namespace aquifer::params
