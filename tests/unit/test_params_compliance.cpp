// [[permits]], [[obligation_rules]], [[credits]]: valid input and errors with file:line:col.
// Lines refer to compliance_scenario() below.
#include "test_params_support.hpp"

#include "params/calendar.hpp"

using namespace aquifer::params;
using namespace aquifer::params::test;

namespace {

// base_scenario() (16 lines) +
//   17 [time]               28 [[obligation_rules]]         35 [[obligation_rules]]
//   18 end = "2021-12-31"   29 name = "g2012"               36 name = "g2023"
//   20 [[wells]]            30 plans_from = "2012-10-01"    37 plans_from = "2023-10-01"
//   21 id = "W1"            31 plans_before = "2023-10-01"  38 ratio = 1.0
//   22 owner = "A"          32 ratio = 0.1                  40 [[permits]]
//   23-26 x, y, layer, rate 33 binding = false              41 holder = "A"
//                                                           42 wells = ["W1"]
//                                                           43 plan_submitted = "2023-09-30"
std::string compliance_scenario() {
  return base_scenario() +
         "[time]\nend = \"2021-12-31\"\n\n"
         "[[wells]]\nid = \"W1\"\nowner = \"A\"\nx = 150.0\ny = 150.0\nlayer = 1\nrate = \"-10 m3/d\"\n\n"
         "[[obligation_rules]]\nname = \"g2012\"\nplans_from = \"2012-10-01\"\n"
         "plans_before = \"2023-10-01\"\nratio = 0.1\nbinding = false\n\n"
         "[[obligation_rules]]\nname = \"g2023\"\nplans_from = \"2023-10-01\"\nratio = 1.0\n\n"
         "[[permits]]\nholder = \"A\"\nwells = [\"W1\"]\nplan_submitted = \"2023-09-30\"\n\n";
}

LoadedScenario load_text(const TempDir& dir, const std::string& text) {
  return load_scenario(dir.write("scenario.toml", text));
}

}  // namespace

TEST_CASE("the rule whose window holds the plan date applies (2023-09-30 vs 2023-10-01)",
          "[params][compliance]") {
  TempDir dir;
  const auto before = load_text(dir, compliance_scenario());
  REQUIRE(before.compliance.permits.size() == 1);
  CHECK(before.compliance.permits[0].rule == "g2012");
  CHECK(before.compliance.permits[0].wells == std::vector<std::string>{"W1"});
  const auto from = load_text(dir, replace_line(compliance_scenario(), 43, "plan_submitted = \"2023-10-01\""));
  CHECK(from.compliance.permits[0].rule == "g2023");
  REQUIRE(from.compliance.rules.size() == 2);
  CHECK(from.compliance.rules[1].binding);  // default true
  CHECK(from.compliance.rules[0].ratio == 0.1);
}

TEST_CASE("credits: records, annual volumes and donations converted per yen", "[params][compliance]") {
  TempDir dir;
  dir.write("yen.csv", "date,yen\n2021-05-01,3000\n");
  dir.write("facility.csv", "date,volume_m3\n2021-03-31,10\n2021-04-01,20\n");
  dir.write("metered.csv", "date,extraction_m3_per_d\n2020-01-01,12.5\n");
  const auto s = load_text(
      dir, replace_line(compliance_scenario(), 44, "metered = \"metered.csv\"\n") +
               "[[credits]]\nholder = \"A\"\nkind = \"donation\"\nrecords = \"yen.csv\"\nm3_per_yen = 0.5\n\n"
               "[[credits]]\nholder = \"A\"\nkind = \"infiltration_facility\"\nrecords = \"facility.csv\"\n\n"
               "[[credits]]\nholder = \"A\"\nkind = \"donation\"\nyen = 1.5e6\n\n"
               "[[credits]]\nholder = \"A\"\nkind = \"forest\"\nvolume = \"365.25 m3/yr\"\n");
  REQUIRE(s.compliance.credits.size() == 4);
  REQUIRE(s.compliance.credits[0].records.size() == 1);
  CHECK(s.compliance.credits[0].records[0].volume_m3 == Approx(1500.0));  // 3000 yen * 0.5
  CHECK(s.compliance.credits[1].records[1].volume_m3 == 20.0);
  CHECK(s.compliance.credits[1].records[1].epoch_d == days_from_civil(2021, 4, 1));
  CHECK(s.compliance.credits[2].per_year_m3 == Approx(1.5e6 * 0.3333));  // default m3_per_yen
  CHECK(s.compliance.credits[3].per_year_m3 == Approx(365.25));
  const auto& metered = s.compliance.permits[0].metered;
  CHECK(metered.volumes.empty());
  REQUIRE(metered.rates.rate_m3_per_d.size() == 1);
  CHECK(metered.rates.rate_m3_per_d[0] == 12.5);
  // The record files are inputs: hashed for provenance.
  CHECK(std::find(s.input_files.begin(), s.input_files.end(), dir.file("yen.csv")) != s.input_files.end());
}

TEST_CASE("bad permits: unknown well, uncovered plan date, missing baseline", "[params][errors][compliance]") {
  TempDir dir;
  auto text = replace_line(compliance_scenario(), 42, "wells = [\"W1\", \"NOPE\"]");
  text = replace_line(text, 43, "plan_submitted = \"2010-01-01\"");
  const auto problems = problems_with(dir, text);
  const auto file = dir.file("scenario.toml");
  require_problem(problems, file, 42, 16, "no [[wells]] has id \"NOPE\"");
  require_problem(problems, file, 43, 18, "no [[obligation_rules]] window");
  const auto increase = problems_with(dir, replace_line(compliance_scenario(), 33, "basis = \"increase\""));
  require_problem(increase, file, 40, 1, "has basis = \"increase\"; expected baseline_volume");
}

TEST_CASE("bad rules: overlapping windows, negative ratio, unknown basis", "[params][errors][compliance]") {
  TempDir dir;
  const auto file = dir.file("scenario.toml");
  const auto overlap = problems_with(dir, replace_line(compliance_scenario(), 31, "plans_before = \"2023-10-02\""));
  require_problem(overlap, file, 35, 1, "its window overlaps that of \"g2012\"");
  const auto problems = problems_with(dir, replace_line(compliance_scenario(), 38, "ratio = -1\nbasis = \"added\""));
  require_problem(problems, file, 38, 9, "expected a ratio >= 0");
  require_problem(problems, file, 39, 9, "\"added\" is not a basis");
}

TEST_CASE("bad credits: unknown kind, unknown holder, negative and malformed records",
          "[params][errors][compliance]") {
  TempDir dir;
  dir.write("r.csv", "date,volume_m3\n2021-01-01,-5\n2021-13-01,4\n");
  dir.write("m.csv", "date,litres\n2021-01-01,5\n");
  const auto problems = problems_with(
      dir, replace_line(compliance_scenario(), 44, "metered = \"m.csv\"\n") +
               "[[credits]]\nholder = \"A\"\nkind = \"rain_dance\"\nvolume = 5\n\n"  // 46-49
               "[[credits]]\nholder = \"Nobody\"\nkind = \"other\"\nrecords = \"r.csv\"\n\n"  // 51-54
               "[[credits]]\nholder = \"A\"\nkind = \"forest\"\nvolume = \"-3 m3/yr\"\n");  // 56-59
  const auto file = dir.file("scenario.toml");
  require_problem(problems, file, 48, 8, "\"rain_dance\" is not a credit kind");
  require_problem(problems, file, 52, 10, "\"Nobody\" has no [[permits]]");
  require_problem(problems, dir.file("r.csv"), 2, 12, "is negative; expected a value >= 0");
  require_problem(problems, dir.file("r.csv"), 3, 1, "date:");
  require_problem(problems, dir.file("m.csv"), 1, 6, "column 2 is named \"litres\"");
  require_problem(problems, file, 59, 10, "expected a volume per year >= 0");
}

TEST_CASE("bad permits: one holder twice, a well in two permits", "[params][errors][compliance]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, compliance_scenario() + "[[permits]]\nholder = \"A\"\nwells = [\"W1\"]\nplan_submitted = \"2024-01-01\"\n");
  require_problem(problems, dir.file("scenario.toml"), 46, 10, "\"A\" already has a permit");
}
