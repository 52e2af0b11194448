// [[observation_wells]] in the scenario: the keys read into ObservationWellSpec, and errors at
// their line and column.
#include <algorithm>

#include "test_params_support.hpp"

using namespace aquifer::params;
using namespace aquifer::params::test;

namespace {
const char* kWell =
    "[[observation_wells]]\nid = \"P1\"\nx = 150.0\ny = 50.0\nscreen = [9.0, 2.0]\n"
    "data = \"obs.csv\"\nunit = \"cm\"\ndatum_offset = \"-1.5 m\"\ncolumn = \"peil\"\n"
    "time_format = \"%d-%m-%Y\"\nstrict = true\nwarning_level = 12.0\n"
    "sensor_elevation = 3.0\ntube_top = 11.0\nvalid_range = [0.0, 50.0]\n"
    "exclude = [\"out_of_range\"]\n"
    "reference_changes = [ { date = \"2015-04-01\", datum_offset = \"-1.2 m\" } ]\n";
}  // namespace

TEST_CASE("observation wells: every key is read", "[params][observations]") {
  TempDir dir;
  dir.write("obs.csv", "date,peil\n");
  dir.write("scenario.toml", base_scenario() + "[time]\nend = \"2020-12-31\"\n" + kWell);
  const auto s = load_scenario(dir.file("scenario.toml"));
  REQUIRE(s.observation_wells.size() == 1);
  const auto& w = s.observation_wells[0];
  CHECK(w.id == "P1");
  CHECK(w.x_m == 150.0);
  CHECK(!w.layer);
  CHECK((*w.screen_m)[1] == 2.0);
  CHECK(w.data_path == dir.file("obs.csv"));
  CHECK(w.unit_to_m == 0.01);
  CHECK(w.datum_offset_m == -1.5);
  CHECK(w.column == "peil");
  CHECK(w.time_format == "%d-%m-%Y");
  CHECK(w.strict);
  CHECK(*w.warning_level_m == 12.0);
  CHECK(*w.sensor_elevation_m == 3.0);
  CHECK(*w.tube_top_m == 11.0);
  CHECK((*w.valid_range_m)[1] == 50.0);
  CHECK(w.exclude == std::vector<std::string>{"out_of_range"});
  REQUIRE(w.reference_changes.size() == 1);
  CHECK(w.reference_changes[0].datum_offset_m == Approx(-1.2));
  for (const auto& warning : s.warnings) CHECK_THAT(warning, !Catch::Contains("observation"));
}

TEST_CASE("observation wells: bad keys are errors at their place", "[params][observations]") {
  TempDir dir;
  const std::string head = base_scenario() + "[time]\nend = \"2020-12-31\"\n";
  const int first = 1 + static_cast<int>(std::count(head.begin(), head.end(), '\n'));
  auto problems_for = [&](const std::string& well) { return problems_with(dir, head + well); };
  auto p = problems_for("[[observation_wells]]\nid = \"A\"\nx = 1e6\ny = 50.0\nlayer = 1\n");
  CHECK_THAT(p.front().message, Catch::Contains("outside the grid"));
  CHECK(p.front().line == first + 2);
  p = problems_for("[[observation_wells]]\nid = \"A\"\nx = 50.0\ny = 50.0\nlayer = 1\n"
                   "data = \"missing.csv\"\n");
  CHECK_THAT(p.front().message, Catch::Contains("cannot read file"));
  CHECK(p.front().line == first + 5);
  p = problems_for("[[observation_wells]]\nid = \"A\"\nx = 50.0\ny = 50.0\nlayer = 1\n"
                   "unit = \"ft\"\n");
  CHECK_THAT(p.front().message, Catch::Contains("not a head unit"));
  p = problems_for("[[observation_wells]]\nid = \"A\"\nx = 50.0\ny = 50.0\n");
  CHECK_THAT(p.front().message, Catch::Contains("layer"));
  p = problems_for("[[observation_wells]]\nid = \"A\"\nx = 50.0\ny = 50.0\nlayer = 1\n"
                   "reference_changes = [ { date = \"2016-01-01\", datum_offset = 1.0 },"
                   " { date = \"2015-01-01\", datum_offset = 2.0 } ]\n");
  CHECK_THAT(p.front().message, Catch::Contains("increasing date order"));
  p = problems_for("[[observation_wells]]\nid = \"A\"\nx = 50.0\ny = 50.0\nlayer = 1\n"
                   "[[observation_wells]]\nid = \"A\"\nx = 50.0\ny = 50.0\nlayer = 1\n");
  CHECK_THAT(p.front().message, Catch::Contains("duplicate id"));
}
