// A MODFLOW 6 simulation with one groundwater-flow (GWF) model on a structured (DIS) grid,
// as read from its input files. Indices are 0-based and in MF6's own order: layer, row, column,
// with row 0 the NORTHERN row. Units are the deck's own (length L, time T).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace aquifer::mf6 {

struct Grid final {
  int nlay = 0, nrow = 0, ncol = 0;
  std::vector<double> delr;     // column widths along x [L], ncol
  std::vector<double> delc;     // row widths along y [L], nrow
  std::vector<double> top;      // top of layer 1 [L], nrow*ncol
  std::vector<double> botm;     // cell bottoms [L], nlay*nrow*ncol
  std::vector<int> idomain;     // >0 active, 0 inactive
  double xorigin = 0.0, yorigin = 0.0;  // lower-left corner [L]
  double angrot = 0.0;                  // degrees
  std::string length_units = "UNKNOWN";
  [[nodiscard]] std::size_t cells() const { return static_cast<std::size_t>(nlay) * nrow * ncol; }
  [[nodiscard]] std::size_t node(int k, int i, int j) const {
    return (static_cast<std::size_t>(k) * nrow + i) * ncol + j;
  }
  [[nodiscard]] double cell_top(std::size_t n) const {
    const std::size_t per_layer = static_cast<std::size_t>(nrow) * ncol;
    return n < per_layer ? top[n] : botm[n - per_layer];
  }
  [[nodiscard]] double area(std::size_t n) const {
    const std::size_t per_layer = static_cast<std::size_t>(nrow) * ncol;
    const std::size_t ij = n % per_layer;
    return delr[ij % ncol] * delc[ij / ncol];
  }
};

struct StressPeriod final {
  double length = 1.0;  // PERLEN [T]
  int steps = 1;        // NSTP
  double multiplier = 1.0;  // TSMULT
};

struct Npf final {
  std::vector<int> icelltype;                 // 0 confined, >0 convertible, <0 THICKSTRT
  std::vector<double> k11, k22, k33;          // [L/T]
  std::vector<double> wetdry;                 // [L], 0 = cannot rewet
  int cell_averaging = 0;  // 0 harmonic, 1 logarithmic, 2 AMT-LMK, 3 AMT-HMK
  bool perched = false, variable_cv = false, dewatered = false, thickstrt = false;
  bool rewet = false;
  double wetfct = 1.0;
  int iwetit = 1, ihdwet = 0;
};

struct Sto final {
  bool present = false;
  std::vector<int> iconvert;
  std::vector<double> ss;   // [1/L] (or [-] with STORAGECOEFFICIENT)
  std::vector<double> sy;   // [-]
  bool storage_coefficient = false;
  bool ss_confined_only = false;
  std::vector<bool> steady;  // per stress period, carried over as MF6 does
};

struct Ims final {
  double outer_dvclose = 1e-3;  // [L]
  int outer_maximum = 25;
};

// One boundary (list row) in one stress period.
struct BoundaryEntry final {
  std::size_t node = 0;
  std::vector<double> values;  // package columns, e.g. GHB: bhead, cond
  std::vector<double> aux;
  std::string boundname;  // upper case; empty when none
};

enum class PackageType { kChd, kWel, kGhb, kRiv, kDrn, kRch };

struct BoundaryPackage final {
  PackageType type = PackageType::kChd;
  std::string ftype;  // "CHD", "WEL", ... as MF6 names the budget term
  std::string name;   // package name (upper case), e.g. "CHD-1" or the name-file name
  std::vector<std::vector<BoundaryEntry>> periods;  // resolved for every stress period
  bool auto_flow_reduce = false;  // WEL
  double flow_reduce = 0.0;       // WEL: fraction of the cell thickness (or a length)
  bool flow_reduce_length = false;
  bool fixed_cell = false;  // RCH: false = recharge to the highest active cell
  int aux_multiplier = -1;  // index into aux, or -1
};

enum class SaveKind { kNone, kAll, kFirst, kLast, kFrequency, kSteps };
struct SaveRule final {
  SaveKind kind = SaveKind::kNone;
  int frequency = 1;
  std::vector<int> steps;  // 1-based
  [[nodiscard]] bool saves(int step, int nstp) const;  // step is 1-based
};

struct Observation final {
  std::string name;  // as MF6 writes it: upper case
  std::string type;  // HEAD, DRAWDOWN, or a package flow type (WEL, CHD, ...)
  bool by_boundname = false;
  std::size_t node = 0;
  std::string boundname;
  int package = -1;  // index into Deck::packages for flow observations
};
struct ObservationFile final {
  std::string file_name;  // relative to the simulation folder
  int digits = 5;
  std::vector<Observation> observations;
};

struct Deck final {
  std::string sim_dir;
  std::string model_name;
  std::string time_units = "UNKNOWN";
  std::vector<StressPeriod> periods;
  bool newton = false, newton_under_relaxation = false;
  Grid grid;
  std::vector<double> strt;  // initial heads [L]
  Npf npf;
  Sto sto;
  Ims ims;
  std::vector<BoundaryPackage> packages;
  std::vector<SaveRule> save_head;    // per period
  std::vector<SaveRule> save_budget;  // per period
  std::vector<ObservationFile> observations;
  std::vector<std::string> notes;  // options read but without effect here, for the log
};

// Reads mfsim.nam and everything it names. Throws InputError / UnsupportedFeature.
Deck read_simulation(const std::string& mfsim_path);

}  // namespace aquifer::mf6
