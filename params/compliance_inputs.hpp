// The recharge-obligation inputs of a scenario ([[permits]], [[obligation_rules]], [[credits]]
// and the dated records their CSV files hold), read and validated by params/ and handed to the
// compliance/ rules engine as plain structs. Times are days since 1970-01-01T00:00:00Z.
// See docs/compliance.md for what every field means to a regulator.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace aquifer::params {

// One dated volume: a metered extraction, a facility's infiltrated water, or a donation
// already converted to m3. The volume counts in the fiscal year that contains `epoch_d`.
struct DatedVolume final {
  double epoch_d = 0.0;    // date of the record [days since 1970-01-01 UTC]
  double volume_m3 = 0.0;  // >= 0 [m3]
};

// A piecewise-constant rate: `rate_m3_per_d[i]` holds from `epoch_d[i]` until `epoch_d[i+1]`
// (the last one until the end of the compliance period).
struct RateSeries final {
  std::vector<double> epoch_d;
  std::vector<double> rate_m3_per_d;  // >= 0 [m3/d]
  [[nodiscard]] bool empty() const { return epoch_d.empty(); }
};

// Metered extraction of a permit: dated volumes (date,volume_m3) or extraction rates to
// integrate (date,extraction_m3_per_d).
struct MeteredExtraction final {
  std::string path;  // the CSV file; empty = not metered (the simulation's pumping counts)
  std::vector<DatedVolume> volumes;
  RateSeries rates;
};

struct Permit final {
  std::string holder;
  std::vector<std::string> wells;  // well ids (default: every well whose owner is the holder)
  double plan_submitted_epoch_d = 0.0;
  std::string plan_submitted;      // "YYYY-MM-DD" as written, for the report
  double baseline_m3_per_d = 0.0;  // extraction before the increase [m3/d] (input in m3/yr)
  bool has_baseline = false;
  MeteredExtraction metered;
  std::string rule;                // name of the obligation rule that applies
};

enum class ObligationBasis { total, increase };

struct ObligationRule final {
  std::string name;
  double plans_from_epoch_d = 0.0;          // window start, included
  std::optional<double> plans_before_epoch_d;  // window end, excluded; none = open
  double ratio = 1.0;                       // recharge owed per m3 of (basis) extraction [-]
  ObligationBasis basis = ObligationBasis::total;
  bool binding = true;                      // false: effort obligation, not a violation
};

// Credit kinds a [[credits]] table may name; "flooding" comes only from [[flooding]]
// credited_to (the simulation computes it).
enum class CreditKind { flooding, infiltration_facility, donation, forest, rice_purchase, other };
inline constexpr CreditKind all_credit_kinds[] = {
    CreditKind::flooding, CreditKind::infiltration_facility, CreditKind::donation,
    CreditKind::forest, CreditKind::rice_purchase, CreditKind::other};
[[nodiscard]] const char* credit_kind_name(CreditKind kind);

struct Credit final {
  std::string holder;
  CreditKind kind = CreditKind::other;
  std::string label;                 // "[[credits]] #2", for messages and the report
  std::vector<DatedVolume> records;  // dated volumes [m3] (donations already converted)
  double per_year_m3 = 0.0;          // a steady annual amount [m3 per full fiscal year]
  std::string records_path;          // the CSV, empty when none
};

struct ComplianceInputs final {
  std::vector<Permit> permits;
  std::vector<ObligationRule> rules;
  std::vector<Credit> credits;
  [[nodiscard]] bool empty() const { return permits.empty(); }
};

}  // namespace aquifer::params
