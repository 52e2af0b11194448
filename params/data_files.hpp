// The data files a scenario names: read once each, recorded for provenance, and parsed into
// rasters (ny x nx arrays), schedules (date,value CSV) and polygons (GeoJSON), with problems
// reported at the file's own line and column. Internal to params/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "params/geometry.hpp"
#include "params/load_scenario.hpp"
#include "params/problems.hpp"
#include "params/scenario_spec.hpp"
#include "solver/time_series.hpp"

namespace aquifer::params {

class InputFiles final {
 public:
  // on_read: called with each file's content as it is read (params/load_scenario.hpp).
  explicit InputFiles(Problems& problems, FileReadHook on_read = {})
      : problems_(problems), on_read_(std::move(on_read)) {}

  [[nodiscard]] Problems& problems() { return problems_; }
  // Records a file that was read elsewhere (the scenario itself).
  void record(const std::string& path);
  // The text of a file, read once. On failure reports "cannot read ..." at ref.pos (the
  // scenario line that names the file) and returns nullptr.
  const std::string* text(const FileRef& ref);
  // Frees the text of a file already parsed (rasters: tens of MB on large grids); the file
  // stays listed as read, and a later text() reads it again.
  void release_text(const std::string& path) { texts_.erase(path); }
  // Polygons of a GeoJSON file, parsed once; problems in the file are reported once.
  const MultiPolygon* polygons(const FileRef& ref);
  // Every file read, in the order first read (the scenario first).
  [[nodiscard]] const std::vector<std::string>& read_files() const { return read_; }

 private:
  Problems& problems_;
  FileReadHook on_read_;
  std::map<std::string, std::string> texts_;
  std::map<std::string, std::optional<MultiPolygon>> shapes_;
  std::vector<std::string> read_;
};

// Values of a raster file with the file position of each value.
struct Raster final {
  int blocks = 0;                // how many ny-row blocks (e.g. layers) the file held
  std::vector<double> values;    // [block][row][col], row 0 = SOUTHERN row, canonical unit
  std::vector<SourcePos> where;  // position of each value in the file
};

// Reads blocks*ny lines of nx values (comma or blank separated); the first line of each block is
// the NORTHERN row. Any block count listed in `allowed_blocks` is accepted. Values are
// multiplied by `factor`. `what` names the quantity in messages ("[[layers]] #1 k").
[[nodiscard]] std::optional<Raster> read_raster(InputFiles& files, const FileRef& ref, int nx,
                                                int ny, const std::vector<int>& allowed_blocks,
                                                double factor, const std::string& what);

// The two readers behind read_raster, for tests: the fast one accepts well-formed files only
// (nullopt otherwise, nothing reported), the reporting one reads every file and reports every
// problem. On files both accept they give the same values and positions.
namespace raster_detail {
[[nodiscard]] std::optional<Raster> read_fast(std::string_view content, int file, int nx, int ny,
                                              const std::vector<int>& allowed_blocks, double factor);
[[nodiscard]] std::optional<Raster> read_reporting(const std::string& content, int file, int nx, int ny,
                                                   const std::vector<int>& allowed_blocks, double factor,
                                                   const std::string& what, Problems& problems);
}  // namespace raster_detail

struct ScheduleFormat final {
  std::string value_column;  // "rate_m3_per_d", for messages
  double start_epoch_d = 0.0;
  int utc_offset_min = 0;    // for dates without an offset
  // The first line must be the header "date,<value_column>" (when the header names the unit).
  bool header_required = false;
};

// Reads "date,value" rows (optional header) into a piecewise-constant series with times in days
// since start. Rows must be in strictly increasing time. `series.value_before` is kept.
// `value_positions`, when given, receives the file position of each value kept in `series`.
[[nodiscard]] bool read_schedule(InputFiles& files, const FileRef& ref,
                                 const ScheduleFormat& format,
                                 solver::PiecewiseConstant& series,
                                 std::vector<SourcePos>* value_positions = nullptr);

}  // namespace aquifer::params
