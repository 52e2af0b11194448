// Hand-computed cases of the recharge-obligation rules engine (compliance/rules_engine.hpp).
// Every expected number is worked out in the comment beside it.
#include <catch2/catch.hpp>

#include "compliance/rules_engine.hpp"
#include "params/calendar.hpp"

namespace aq = aquifer;
using aq::compliance::FiscalYearStart;
using aq::compliance::Status;
using aq::params::CreditKind;

namespace {

double day(int y, int m, int d) { return static_cast<double>(aq::params::days_from_civil(y, m, d)); }

aq::params::ObligationRule rule(const std::string& name, double ratio, bool binding,
                                aq::params::ObligationBasis basis = aq::params::ObligationBasis::total) {
  aq::params::ObligationRule r;
  r.name = name;
  r.ratio = ratio;
  r.binding = binding;
  r.basis = basis;
  return r;
}

aq::params::Permit permit(const std::string& holder, const std::string& rule_name) {
  aq::params::Permit p;
  p.holder = holder;
  p.rule = rule_name;
  return p;
}

std::size_t k(CreditKind kind) { return static_cast<std::size_t>(kind); }

}  // namespace

TEST_CASE("fiscal years: April-March, partial ends, leap years", "[compliance]") {
  const FiscalYearStart april{4, 1, 0};
  CHECK(aq::compliance::fiscal_year_of(day(2024, 3, 31), april) == 2023);
  CHECK(aq::compliance::fiscal_year_of(day(2024, 4, 1), april) == 2024);
  CHECK(aq::compliance::fiscal_year_of(day(2024, 4, 1) - 1e-3, april) == 2023);
  // Period 2023-10-01 .. 2025-04-01 (exclusive): FY2023 partial (183 of 366 days: Oct 31,
  // Nov 30, Dec 31, Jan 31, Feb 29, Mar 31), FY2024 full (365 days).
  const auto years = aq::compliance::fiscal_years(day(2023, 10, 1), day(2025, 4, 1), april);
  REQUIRE(years.size() == 2);
  CHECK(years[0].year == 2023);
  CHECK(years[0].days() == Approx(366));
  CHECK(years[0].covered_days() == Approx(183));
  CHECK(years[0].partial());
  CHECK(years[1].days() == Approx(365));
  CHECK_FALSE(years[1].partial());
  // A configurable start: calendar years.
  const auto calendar = aq::compliance::fiscal_years(day(2024, 1, 1), day(2025, 1, 1), {1, 1, 0});
  REQUIRE(calendar.size() == 1);
  CHECK(calendar[0].days() == Approx(366));
  // Local midnight at +09:00 is 15:00 UTC the day before.
  CHECK(aq::compliance::fiscal_year_start_epoch_d(2024, {4, 1, 540}) == Approx(day(2024, 4, 1) - 0.375));
}

TEST_CASE("a volume spread over a step is split at the fiscal-year boundary", "[compliance]") {
  std::map<int, double> by_year;
  // 200 m3 over 2024-03-31 00:00 .. 2024-04-02 00:00: one day in each fiscal year.
  aq::compliance::add_spread(day(2024, 3, 31), day(2024, 4, 2), 200.0, {4, 1, 0}, by_year);
  CHECK(by_year[2023] == Approx(100.0));
  CHECK(by_year[2024] == Approx(100.0));
}

TEST_CASE("10 % effort vs 100 % binding obligation", "[compliance]") {
  const auto years = aq::compliance::fiscal_years(day(2024, 4, 1), day(2025, 4, 1), {4, 1, 0});
  std::array<double, aq::compliance::kCreditKinds> credits{};
  credits[k(CreditKind::flooding)] = 150000.0;
  // Extraction 1e6 m3: 10 % -> 1e5 owed, 1.5e5 credited -> effort met, balance +5e4.
  const auto effort = aq::compliance::evaluate(permit("A", "g2012"), rule("g2012", 0.1, false),
                                               years[0], 1e6, "simulated", credits);
  CHECK(effort.obligation_m3 == Approx(1e5));
  CHECK(effort.balance_m3 == Approx(5e4));
  CHECK(effort.status == Status::effort_met);
  CHECK(effort.recharge_still_needed_m3 == 0.0);
  // 100 % -> 1e6 owed -> shortfall of 8.5e5.
  const auto binding = aq::compliance::evaluate(permit("A", "g2023"), rule("g2023", 1.0, true),
                                                years[0], 1e6, "simulated", credits);
  CHECK(binding.obligation_m3 == Approx(1e6));
  CHECK(binding.status == Status::shortfall);
  CHECK(binding.recharge_still_needed_m3 == Approx(8.5e5));
  // Effort not met: credits below 10 %.
  credits[k(CreditKind::flooding)] = 5e4;
  CHECK(aq::compliance::evaluate(permit("A", "g2012"), rule("g2012", 0.1, false), years[0], 1e6,
                                 "simulated", credits).status == Status::effort_not_met);
  // Exactly met counts as compliant.
  credits[k(CreditKind::flooding)] = 1e6;
  CHECK(aq::compliance::evaluate(permit("A", "g2023"), rule("g2023", 1.0, true), years[0], 1e6,
                                 "simulated", credits).status == Status::compliant);
}

TEST_CASE("increase basis: only extraction above the baseline is owed, pro rata", "[compliance]") {
  auto p = permit("B", "inc");
  p.baseline_m3_per_d = 2e6 / 365.25;  // baseline_volume = "2e6 m3/yr"
  const auto r = rule("inc", 1.0, true, aq::params::ObligationBasis::increase);
  std::array<double, aq::compliance::kCreditKinds> none{};
  const auto full = aq::compliance::fiscal_years(day(2024, 4, 1), day(2025, 4, 1), {4, 1, 0});
  // 2.5e6 - 2e6 = 5e5 owed.
  const auto a = aq::compliance::evaluate(p, r, full[0], 2.5e6, "metered", none);
  CHECK(a.baseline_m3 == Approx(2e6));
  CHECK(a.obligation_m3 == Approx(5e5));
  // Below the baseline: nothing owed, compliant.
  CHECK(aq::compliance::evaluate(p, r, full[0], 1.9e6, "metered", none).obligation_m3 == 0.0);
  // Partial FY2023 from 2023-10-01 (183 of 366 days): baseline 2e6 * 183/366 = 1e6;
  // extraction 1.2e6 -> 2e5 owed.
  const auto half = aq::compliance::fiscal_years(day(2023, 10, 1), day(2024, 4, 1), {4, 1, 0});
  const auto b = aq::compliance::evaluate(p, r, half[0], 1.2e6, "metered", none);
  CHECK(b.baseline_m3 == Approx(1e6));
  CHECK(b.obligation_m3 == Approx(2e5));
}

TEST_CASE("metered records on March 31 and April 1 fall in different fiscal years", "[compliance]") {
  aq::params::ComplianceInputs in;
  in.rules.push_back(rule("r", 1.0, true));
  auto p = permit("M", "r");
  p.metered.path = "metered.csv";
  p.metered.volumes = {{day(2024, 3, 31), 100.0}, {day(2024, 4, 1), 40.0}, {day(2024, 4, 2), 2.0}};
  in.permits.push_back(p);
  const auto years = aq::compliance::fiscal_years(day(2023, 4, 1), day(2025, 4, 1), {4, 1, 0});
  const auto results = aq::compliance::evaluate_all(in, years, {});
  REQUIRE(results.size() == 2);
  CHECK(results[0].extraction_m3 == Approx(100.0));
  CHECK(results[1].extraction_m3 == Approx(42.0));
  CHECK(results[0].extraction_source == "metered");
}

TEST_CASE("metered rates are integrated over the fiscal year, leap day included", "[compliance]") {
  aq::params::RateSeries rates;
  rates.epoch_d = {day(2023, 4, 1), day(2024, 1, 1)};
  rates.rate_m3_per_d = {10.0, 20.0};
  // FY2023: 275 days (Apr 1 .. Dec 31) at 10 + 91 days (Jan 31 + Feb 29 + Mar 31) at 20 = 4570.
  CHECK(aq::compliance::integrate_rate(rates, day(2023, 4, 1), day(2024, 4, 1)) == Approx(4570.0));
}

TEST_CASE("simulated extraction and credits per holder: several wells, flooding, donation", "[compliance]") {
  aq::params::ComplianceInputs in;
  in.rules.push_back(rule("r", 1.0, true));
  auto p = permit("Fab", "r");
  p.wells = {"W1", "W2"};
  in.permits.push_back(p);
  aq::params::Credit donation;
  donation.holder = "Fab";
  donation.kind = CreditKind::donation;
  donation.per_year_m3 = 1.5e6 * 0.3333;  // yen = 1.5e6 per year at 0.3333 m3/yen = 499950 m3
  in.credits.push_back(donation);
  aq::params::Credit facility;
  facility.holder = "Fab";
  facility.kind = CreditKind::infiltration_facility;
  facility.records = {{day(2024, 6, 1), 1000.0}, {day(2026, 6, 1), 999.0}};  // second: outside
  in.credits.push_back(facility);
  aq::compliance::SimulatedVolumes sim;
  sim.well_extraction_m3["W1"][2024] = 2e6;
  sim.well_extraction_m3["W2"][2024] = 7.375e5;
  sim.well_extraction_m3["OTHER"][2024] = 5e6;  // not in the permit
  sim.flooding_accepted_m3["Fab"][2024] = 1.2e6;  // both flooding areas, accepted water
  sim.flooding_rejected_m3["Fab"][2024] = 3e5;    // rejected at a saturated surface
  const auto years = aq::compliance::fiscal_years(day(2024, 4, 1), day(2025, 4, 1), {4, 1, 0});
  const auto r = aq::compliance::evaluate_all(in, years, sim).at(0);
  CHECK(r.extraction_m3 == Approx(2.7375e6));
  CHECK(r.extraction_source == "simulated");
  CHECK(r.credits_m3[k(CreditKind::flooding)] == Approx(1.2e6));  // rejected 3e5 not counted
  CHECK(r.flooding_rejected_m3 == Approx(3e5));
  CHECK(r.credits_m3[k(CreditKind::donation)] == Approx(499950.0));
  CHECK(r.credits_m3[k(CreditKind::infiltration_facility)] == Approx(1000.0));
  // 1.2e6 + 499950 + 1000 = 1700950 credited; 2737500 owed -> -1036550.
  CHECK(r.credited_total_m3 == Approx(1700950.0));
  CHECK(r.balance_m3 == Approx(-1036550.0));
  CHECK(r.status == Status::shortfall);
  CHECK(r.recharge_still_needed_m3 == Approx(1036550.0));
}

TEST_CASE("an annual credit in a partial leap fiscal year is pro rata", "[compliance]") {
  aq::params::ComplianceInputs in;
  in.rules.push_back(rule("r", 0.1, false));
  in.permits.push_back(permit("F", "r"));
  aq::params::Credit forest;
  forest.holder = "F";
  forest.kind = CreditKind::forest;
  forest.per_year_m3 = 1e5;
  in.credits.push_back(forest);
  // FY2023 covered from 2023-10-01: 183 of 366 days -> 1e5 * 183 / 366 = 5e4.
  const auto years = aq::compliance::fiscal_years(day(2023, 10, 1), day(2024, 4, 1), {4, 1, 0});
  const auto r = aq::compliance::evaluate_all(in, years, {}).at(0);
  CHECK(r.credits_m3[k(CreditKind::forest)] == Approx(5e4));
  CHECK(r.fy.partial());
}
