// What the compliance engine and the report read from a finished run's folder: accounting.csv
// (per-step well and flooding volumes), budget.csv (water budget) and heads.h5 (the top layer's
// final heads for the map). `aquifer run` and `aquifer comply` both read these files, so the
// verdict is recomputed from exactly what the run wrote.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "compliance/rules_engine.hpp"

namespace aquifer::compliance {

// A results folder that is missing a file or holds a malformed one ("<file>:<line>: ...").
class ResultsError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BudgetTotal final {
  std::string component;  // "storage", "wells", ..., "flooding_rejected"
  double in_m3 = 0.0;     // into the aquifer over the run [m3]
  double out_m3 = 0.0;    // out of the aquifer over the run [m3]
};

// Head of one layer at one output time, row 0 = SOUTHERN row; NaN = inactive or dry.
struct HeadMap final {
  int nx = 0, ny = 0;
  double x_min_m = 0.0, x_max_m = 0.0, y_min_m = 0.0, y_max_m = 0.0;  // cell-centre extent
  double time_d = 0.0;
  std::vector<double> head_m;  // [ny][nx]
};

struct RunResults final {
  SimulatedVolumes volumes;
  double first_t_d = 0.0;  // start of the first transient step [d since model start]
  double last_t_d = 0.0;   // end of the last step
  bool has_steps = false;
  std::vector<BudgetTotal> budget;  // empty when budget.csv has no transient rows
  double budget_days = 0.0;
  std::optional<HeadMap> heads;     // none when heads.h5 was not written
  std::vector<std::string> files;   // the result files read (for provenance)
};

// Splits one CSV line (RFC 4180 quotes: "a,b" and "" inside quotes).
[[nodiscard]] std::vector<std::string> split_csv_line(const std::string& line);

// Reads accounting.csv; volumes are split pro rata at fiscal-year boundaries.
// Throws ResultsError.
void read_accounting(const std::string& path, double start_epoch_d, const FiscalYearStart& start,
                     RunResults& out);
// Reads budget.csv into run totals (rate x step length). Throws ResultsError.
void read_budget(const std::string& path, RunResults& out);
// The top layer at the last output time of heads.h5, downsampled so that neither side has more
// than `max_cells` cells (block means of the finite values). Throws ResultsError.
[[nodiscard]] HeadMap read_head_map(const std::string& path, int max_cells);

// All of the above from `dir` (heads.h5 only when present).
[[nodiscard]] RunResults read_run_results(const std::string& dir, double start_epoch_d,
                                          const FiscalYearStart& start);

}  // namespace aquifer::compliance
