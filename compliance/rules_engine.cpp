#include "compliance/rules_engine.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "params/calendar.hpp"

namespace aquifer::compliance {

namespace {

constexpr std::size_t index_of(params::CreditKind kind) { return static_cast<std::size_t>(kind); }

// Balance within rounding of zero counts as met: sums of many step volumes carry relative
// errors near 1e-12; a regulator's figures are whole m3.
constexpr double kBalanceTolerance_m3 = 1e-6;

}  // namespace

double fiscal_year_start_epoch_d(int year, const FiscalYearStart& start) {
  return static_cast<double>(params::days_from_civil(year, start.month, start.day)) -
         start.utc_offset_min / 1440.0;
}

int fiscal_year_of(double epoch_d, const FiscalYearStart& start) {
  const double local_d = epoch_d + start.utc_offset_min / 1440.0;
  const auto c = params::civil_from_days(static_cast<std::int64_t>(std::floor(local_d + 1e-9)));
  const bool before = c.month < start.month || (c.month == start.month && c.day < start.day);
  return before ? c.year - 1 : c.year;
}

std::vector<FiscalYear> fiscal_years(double period_start_epoch_d, double period_end_epoch_d,
                                     const FiscalYearStart& start) {
  std::vector<FiscalYear> out;
  if (!(period_end_epoch_d > period_start_epoch_d)) return out;
  for (int y = fiscal_year_of(period_start_epoch_d, start);; ++y) {
    FiscalYear fy;
    fy.year = y;
    fy.start_epoch_d = fiscal_year_start_epoch_d(y, start);
    fy.end_epoch_d = fiscal_year_start_epoch_d(y + 1, start);
    if (fy.start_epoch_d >= period_end_epoch_d - 1e-9) break;
    fy.covered_start_epoch_d = std::max(fy.start_epoch_d, period_start_epoch_d);
    fy.covered_end_epoch_d = std::min(fy.end_epoch_d, period_end_epoch_d);
    out.push_back(fy);
  }
  return out;
}

void add_spread(double t0_epoch_d, double t1_epoch_d, double volume_m3,
                const FiscalYearStart& start, std::map<int, double>& by_year) {
  const double length_d = t1_epoch_d - t0_epoch_d;
  if (!(length_d > 0)) return;
  for (double t = t0_epoch_d; t < t1_epoch_d - 1e-12;) {
    const int y = fiscal_year_of(t, start);
    const double end = std::min(fiscal_year_start_epoch_d(y + 1, start), t1_epoch_d);
    by_year[y] += volume_m3 * (end - t) / length_d;
    t = end;
  }
}

double records_in(const std::vector<params::DatedVolume>& records, double t0_epoch_d,
                  double t1_epoch_d) {
  double sum = 0.0;
  for (const auto& r : records)
    if (r.epoch_d >= t0_epoch_d - 1e-9 && r.epoch_d < t1_epoch_d - 1e-9) sum += r.volume_m3;
  return sum;
}

double integrate_rate(const params::RateSeries& rates, double t0_epoch_d, double t1_epoch_d) {
  double sum = 0.0;
  for (std::size_t i = 0; i < rates.epoch_d.size(); ++i) {
    const double a = std::max(rates.epoch_d[i], t0_epoch_d);
    const double b = i + 1 < rates.epoch_d.size() ? std::min(rates.epoch_d[i + 1], t1_epoch_d)
                                                  : t1_epoch_d;
    if (b > a) sum += rates.rate_m3_per_d[i] * (b - a);
  }
  return sum;
}

const char* status_name(Status s) {
  switch (s) {
    case Status::compliant: return "compliant";
    case Status::shortfall: return "shortfall";
    case Status::effort_met: return "effort_met";
    case Status::effort_not_met: return "effort_not_met";
  }
  return "shortfall";
}

Result evaluate(const params::Permit& permit, const params::ObligationRule& rule,
                const FiscalYear& fy, double extraction_m3, const std::string& extraction_source,
                const std::array<double, kCreditKinds>& credits_m3) {
  Result r;
  r.holder = permit.holder;
  r.fy = fy;
  r.rule = rule.name;
  r.binding = rule.binding;
  r.ratio = rule.ratio;
  r.basis = rule.basis;
  r.extraction_m3 = extraction_m3;
  r.extraction_source = extraction_source;
  double basis_m3 = extraction_m3;
  if (rule.basis == params::ObligationBasis::increase) {
    r.baseline_m3 = permit.baseline_m3_per_d * 365.25 * fy.covered_fraction();
    basis_m3 = std::max(0.0, extraction_m3 - r.baseline_m3);
  }
  r.obligation_m3 = rule.ratio * basis_m3;
  r.credits_m3 = credits_m3;
  for (const double c : credits_m3) r.credited_total_m3 += c;
  r.balance_m3 = r.credited_total_m3 - r.obligation_m3;
  const bool met = r.balance_m3 >= -kBalanceTolerance_m3;
  r.status = rule.binding ? (met ? Status::compliant : Status::shortfall)
                          : (met ? Status::effort_met : Status::effort_not_met);
  r.recharge_still_needed_m3 = met ? 0.0 : -r.balance_m3;
  return r;
}

namespace {

double lookup(const std::map<std::string, std::map<int, double>>& table, const std::string& key,
              int year) {
  const auto it = table.find(key);
  if (it == table.end()) return 0.0;
  const auto y = it->second.find(year);
  return y == it->second.end() ? 0.0 : y->second;
}

double extraction_of(const params::Permit& p, const FiscalYear& fy, const SimulatedVolumes& sim) {
  const auto& m = p.metered;
  if (!m.path.empty())
    return records_in(m.volumes, fy.covered_start_epoch_d, fy.covered_end_epoch_d) +
           integrate_rate(m.rates, fy.covered_start_epoch_d, fy.covered_end_epoch_d);
  double sum = 0.0;
  for (const auto& well : p.wells) sum += lookup(sim.well_extraction_m3, well, fy.year);
  return sum;
}

std::array<double, kCreditKinds> credits_of(const params::ComplianceInputs& inputs,
                                            const std::string& holder, const FiscalYear& fy,
                                            const SimulatedVolumes& sim) {
  std::array<double, kCreditKinds> c{};
  c[index_of(params::CreditKind::flooding)] = lookup(sim.flooding_accepted_m3, holder, fy.year);
  for (const auto& credit : inputs.credits) {
    if (credit.holder != holder) continue;
    c[index_of(credit.kind)] +=
        records_in(credit.records, fy.covered_start_epoch_d, fy.covered_end_epoch_d) +
        credit.per_year_m3 * fy.covered_fraction();
  }
  return c;
}

}  // namespace

std::vector<Result> evaluate_all(const params::ComplianceInputs& inputs,
                                 const std::vector<FiscalYear>& years,
                                 const SimulatedVolumes& simulated) {
  std::vector<Result> out;
  for (const auto& permit : inputs.permits) {
    const auto rule = std::find_if(inputs.rules.begin(), inputs.rules.end(),
                                   [&](const params::ObligationRule& r) { return r.name == permit.rule; });
    if (rule == inputs.rules.end())
      throw std::invalid_argument("permit of \"" + permit.holder + "\" names unknown rule \"" +
                                  permit.rule + "\"");
    for (const auto& fy : years) {
      const std::string source = permit.metered.path.empty() ? "simulated" : "metered";
      Result r = evaluate(permit, *rule, fy, extraction_of(permit, fy, simulated), source,
                          credits_of(inputs, permit.holder, fy, simulated));
      r.flooding_rejected_m3 = lookup(simulated.flooding_rejected_m3, permit.holder, fy.year);
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace aquifer::compliance
