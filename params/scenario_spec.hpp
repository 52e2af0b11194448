// The scenario as read from TOML, checked for types, units and ranges that need no grid, and
// with every value's source position kept for the checks the model builder does later.
// Internal to params/: scenario_reader fills it, model_builder turns it into solver::Model.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "params/compliance_spec.hpp"
#include "params/load_scenario.hpp"
#include "params/observation_wells.hpp"
#include "params/problems.hpp"
#include "params/seasons.hpp"
#include "solver/model.hpp"

namespace aquifer::params {

// A per-cell quantity: absent, one constant, or a raster file (ny lines of nx values, first
// line = northern row).
struct FieldSpec final {
  enum class Kind { absent, constant, file };
  Kind kind = Kind::absent;
  double value = 0.0;        // canonical unit (constant)
  std::string path;          // resolved path (file)
  double file_factor = 1.0;  // multiplies file values into the canonical unit
  SourcePos pos;             // the TOML value (constant) or the `file` string (file)
  bool written = false;      // the key was in the scenario (even if its value was invalid)
  [[nodiscard]] bool present() const { return kind != Kind::absent; }
};

// A file named in the scenario (GeoJSON, CSV) with the place that names it.
struct FileRef final {
  std::string path;  // resolved against the scenario's folder; empty = none
  SourcePos pos;
  [[nodiscard]] bool present() const { return !path.empty(); }
};

struct ZoneSpec final {
  FileRef polygon;
  SourcePos pos;
  FieldSpec k, k_vertical, ss, sy;  // constants or absent
};

struct LayerSpec final {
  std::string label;  // "[[layers]] #2 (\"second aquifer\")", for messages
  SourcePos pos;
  FieldSpec top;      // layer 1 only [m]
  FieldSpec bottom;   // [m]
  FieldSpec k;        // [m/d]
  FieldSpec k_vertical;  // [m/d]; absent = k / 10
  FieldSpec ss;       // [1/m]; absent = 0 (only allowed in steady runs)
  FieldSpec sy;       // [-]; absent = 0 (only allowed where unused)
  solver::LayerType type = solver::LayerType::confined;
  std::vector<ZoneSpec> zones;
  // Extensions (docs/scenario-extensions.md, "Per-cell layer files"), used by MF6 imports:
  FieldSpec active;        // 1 active / 0 inactive per cell (MF6 IDOMAIN); absent = all active
  FieldSpec k_y;           // K along y (north-south) [m/d] (MF6 K22); absent = k
  FieldSpec type_file;     // type = { file }: 1 convertible / 0 confined per cell (ICELLTYPE);
                           // -1 confined with the saturated thickness of the initial head
                           // (MF6 NPF THICKSTRT; [formulation] kind = "mf6" only)
  std::optional<solver::LayerType> storage_type;  // storage_type = "...": (MF6 ICONVERT)
  FieldSpec storage_type_file;                   // storage_type = { file }: 1/0 per cell
  FieldSpec wetdry;  // MF6 WETDRY [m] ([formulation] rewet only); absent = 0 (never rewets)
};

struct GridSpec final {
  bool valid = false;  // nx, ny, dx, dy all read and positive
  solver::GridGeometry geometry;  // nlay is set from the layers
  FileRef active;
  FieldSpec dx_file, dy_file;  // dx / dy = { file }: column / row widths (MF6 DELR / DELC)
  SourcePos pos;
};

struct InitialSpec final {
  enum class Kind { top_of_layer1, field, steady, observations };
  Kind kind = Kind::top_of_layer1;
  InitialFromObservations from_observations;  // kind == observations
  SourcePos observations_pos;                 // the head = "observations" value
  FieldSpec head;  // [m]; a file may hold ny or nlay*ny lines
  double steady_average_d = 0.0;  // head = "steady": stresses averaged over [0, this] [d]
};

// 1-based inclusive index range as written; checked against the grid by the builder.
struct IndexRange final {
  int first = 1;
  int last = 1;
  SourcePos pos;
};

struct BoundarySpec final {
  enum class Kind { constant_head, general_head, river, drain };
  std::string label;
  std::string name;  // `name`, or "boundary-<n>" (1-based position among [[boundary]] tables)
  SourcePos pos;
  Kind kind = Kind::constant_head;
  bool use_box = true;  // cells = {...}; otherwise polygon
  IndexRange layers, cols, rows;
  FileRef polygon;
  double head_m = 0.0;                        // head, stage or elevation [m] (constant)
  FieldSpec head_file;                        // extension: per-cell head [m] from a raster
  std::optional<double> conductance_m2_per_d; // per cell
  std::optional<double> leakance_per_d;       // times cell area
  std::optional<double> bottom_m;             // river only
  // Extension: list = "cells.csv" (layer,row,col,head[,conductance][,bottom][,from_d,until_d])
  // instead of cells/polygon + head/conductance/bottom.
  FileRef list;
};

struct WellSpec final {
  std::string label;
  SourcePos pos;
  std::string id;
  std::string owner;
  double x_m = 0.0;
  double y_m = 0.0;
  SourcePos xy_pos;
  std::optional<int> layer;  // 1-based
  SourcePos layer_pos;
  std::optional<std::array<double, 2>> screen_m;  // top, bottom [m]
  SourcePos screen_pos;
  std::optional<double> rate_m3_per_d;
  FileRef schedule;  // date,rate_m3_per_d
  // Extensions: extraction reduced near the cell bottom (solver::Well::reduction_fraction)
  std::optional<double> flow_reduction;         // fraction of the cell thickness [-]
  std::optional<double> flow_reduction_length;  // or a length [m] (divided by the thickness)
  // list = "wells.csv" (id,layer,row,col,from_d,rate_m3_per_d): many wells accounted
  // together under `id`, each with a piecewise-constant rate.
  FileRef list;
};

struct RechargeSpec final {
  std::string label;
  SourcePos pos;
  std::string id;
  std::optional<double> rate_m_per_d;
  FieldSpec rate_file;  // extension: ny x nx array of rates [m/d]
  FileRef schedule;     // date,rate_m_per_d
  FileRef polygon;
  // Extension: list = "cells.csv" (layer,row,col,rate_m_per_d[,from_d,until_d]): recharge
  // into the listed cells; pass_down: a dry cell passes it to the first wet cell below.
  FileRef list;
  bool pass_down = true;
};

// [[flooding]]: paddies flooded in a recurring season (with an optional list of start years)
// or by a schedule of flooded areas; one of the two.
struct FloodingSpec final {
  std::string label;
  SourcePos pos;
  std::string id;
  std::string credited_to;         // "" = none
  FileRef polygon;                 // the paddies (GeoJSON)
  std::optional<Season> season;
  std::vector<int> years;          // seasons starting in these years; empty = every year
  SourcePos years_pos;
  FileRef schedule;                // date,flooded_area_ha
  double infiltration_m_per_d = 0.0;
  double rejection_band_m = 0.25;  // extension
};

struct ScenarioSpec final {
  int scenario_file = 0;  // Problems file id of the scenario
  std::string name;
  std::string crs;
  bool start_valid = false;
  double start_epoch_d = 0.0;
  int utc_offset_min = 0;  // [model] timezone: naive times are this many minutes east of UTC
  GridSpec grid;
  std::vector<LayerSpec> layers;
  InitialSpec initial;
  solver::TimeControl time;
  std::vector<BoundarySpec> boundaries;
  std::vector<WellSpec> wells;
  std::vector<RechargeSpec> recharge;
  std::vector<FloodingSpec> flooding;
  std::vector<ObservationWellSpec> observation_wells;
  MonthDay fiscal_year_start{4, 1};  // [compliance]
  ComplianceSpec compliance_spec;    // [[permits]], [[obligation_rules]], [[credits]]
  OutputSettings output;
  solver::SolverSettings solver;
  solver::Formulation formulation;  // [formulation] (extension)
  SourcePos formulation_pos;
};

// The per-cell properties of a layer and the range each must lie in.
enum class Property { top, bottom, k, k_vertical, ss, sy, head };

// "k", "k_vertical", ... as written in the scenario.
[[nodiscard]] const char* property_key(Property p);
// Empty when `value` is valid for the property, else what was expected
// ("expected a hydraulic conductivity > 0 m/d").
[[nodiscard]] std::string_view check_property(Property p, double value);

// Reads the TOML text into a spec; problems go to `problems` (file id `scenario_file`).
// Relative paths resolve against `base_dir`. Returns nullopt on a TOML syntax error.
[[nodiscard]] std::optional<ScenarioSpec> read_scenario(const std::string& toml_text,
                                                        const std::string& scenario_path,
                                                        const std::string& base_dir,
                                                        Problems& problems);

}  // namespace aquifer::params
