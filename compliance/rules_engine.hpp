// Recharge-obligation rules engine: pure functions over plain structs, no I/O.
//
// For a permit holder h and fiscal year y (FY y = the fiscal-year start day of year y up to the
// day before that of year y+1, local midnight at the [model] timezone):
//   E(h,y)  extraction [m3]: metered records (volume_m3 dated in the year, or extraction rates
//           integrated over it), else the simulated pumped volume of the permit's wells
//           (after any automatic reduction); injection never reduces it.
//   B(h,y)  basis [m3] = E                            (basis = "total")
//                      = max(0, E - baseline * f)     (basis = "increase")
//   O(h,y)  obligation [m3] = ratio * B
//   C(h,y)  credits [m3] = accepted flooding infiltration credited to h + facility, forest,
//           rice-purchase, other records + donations * m3_per_yen + steady annual credits * f
//   balance = C - O; status: binding rule -> compliant (balance >= 0) | shortfall;
//           effort rule -> effort_met | effort_not_met; recharge still needed = max(0, -balance).
// Pro rata (partial first / last year): f = covered days / days in the fiscal year. Volumes
// that are measured or simulated (E, flooding, dated records) count only inside the covered
// part; annual figures (baseline_volume, volume = "x m3/yr", yen per year) are scaled by f.
// The ratio applies unchanged, so O of a partial year is ratio * (extraction of that part).
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "params/compliance_inputs.hpp"

namespace aquifer::compliance {

inline constexpr std::size_t kCreditKinds = std::size(params::all_credit_kinds);

struct FiscalYearStart final {
  int month = 4;
  int day = 1;
  int utc_offset_min = 0;  // local midnight = UTC midnight - offset
};

// One fiscal year and the part of it the compliance period covers.
struct FiscalYear final {
  int year = 0;                 // FY2024 = 2024-04-01 .. 2025-03-31 with the default start
  double start_epoch_d = 0.0;   // full year [start, end) in days since 1970 (UTC)
  double end_epoch_d = 0.0;
  double covered_start_epoch_d = 0.0;  // intersection with the compliance period
  double covered_end_epoch_d = 0.0;
  [[nodiscard]] double days() const { return end_epoch_d - start_epoch_d; }
  [[nodiscard]] double covered_days() const { return covered_end_epoch_d - covered_start_epoch_d; }
  [[nodiscard]] double covered_fraction() const { return covered_days() / days(); }
  [[nodiscard]] bool partial() const { return covered_days() < days() - 1e-6; }
};

// The fiscal year that contains epoch_d.
[[nodiscard]] int fiscal_year_of(double epoch_d, const FiscalYearStart& start);
// [start, end) of fiscal year `year` in days since 1970 (UTC).
[[nodiscard]] double fiscal_year_start_epoch_d(int year, const FiscalYearStart& start);
// Every fiscal year that overlaps [period_start, period_end), in order.
[[nodiscard]] std::vector<FiscalYear> fiscal_years(double period_start_epoch_d,
                                                   double period_end_epoch_d,
                                                   const FiscalYearStart& start);

// What the simulation computed, per fiscal year [m3].
struct SimulatedVolumes final {
  std::map<std::string, std::map<int, double>> well_extraction_m3;     // well id -> FY -> m3
  std::map<std::string, std::map<int, double>> flooding_accepted_m3;   // holder -> FY -> m3
  std::map<std::string, std::map<int, double>> flooding_rejected_m3;   // holder -> FY -> m3
};

// Adds a volume spread evenly over [t0, t1) (days since 1970) to `by_year`, split pro rata
// at fiscal-year boundaries.
void add_spread(double t0_epoch_d, double t1_epoch_d, double volume_m3,
                const FiscalYearStart& start, std::map<int, double>& by_year);

// Sum of records dated in [t0, t1).
[[nodiscard]] double records_in(const std::vector<params::DatedVolume>& records, double t0_epoch_d,
                                double t1_epoch_d);
// Integral of a piecewise-constant rate over [t0, t1) [m3].
[[nodiscard]] double integrate_rate(const params::RateSeries& rates, double t0_epoch_d,
                                    double t1_epoch_d);

enum class Status { compliant, shortfall, effort_met, effort_not_met };
[[nodiscard]] const char* status_name(Status s);

struct Result final {
  std::string holder;
  FiscalYear fy;
  std::string rule;
  bool binding = true;
  double ratio = 0.0;
  params::ObligationBasis basis = params::ObligationBasis::total;
  double extraction_m3 = 0.0;
  std::string extraction_source;  // "metered" | "simulated"
  double baseline_m3 = 0.0;       // baseline_volume * f (increase basis), else 0
  double obligation_m3 = 0.0;
  std::array<double, kCreditKinds> credits_m3{};  // in params::all_credit_kinds order
  double flooding_rejected_m3 = 0.0;  // flooding water the holder applied that could not
                                      // infiltrate (never credited; shown for transparency)
  double credited_total_m3 = 0.0;
  double balance_m3 = 0.0;
  Status status = Status::compliant;
  double recharge_still_needed_m3 = 0.0;
};

// One holder and fiscal year, given its extraction and its credits by kind.
[[nodiscard]] Result evaluate(const params::Permit& permit, const params::ObligationRule& rule,
                              const FiscalYear& fy, double extraction_m3,
                              const std::string& extraction_source,
                              const std::array<double, kCreditKinds>& credits_m3);

// Every permit and every fiscal year of `years`, holders in the order of the scenario.
// Throws std::invalid_argument when a permit names a rule that `inputs` lacks.
[[nodiscard]] std::vector<Result> evaluate_all(const params::ComplianceInputs& inputs,
                                               const std::vector<FiscalYear>& years,
                                               const SimulatedVolumes& simulated);

}  // namespace aquifer::compliance
