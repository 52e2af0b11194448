// Invalid scenarios, part 2: problems in the files a scenario names (rasters, schedules,
// GeoJSON) are reported at the file's own line and column; missing files at the scenario line
// that names them.
#include "test_params_support.hpp"

using namespace aquifer::params;
using namespace aquifer::params::test;

namespace {
// Base scenario + one well with a schedule file.
std::string with_scheduled_well() {
  return base_scenario() + "[time]\nend = \"2020-12-31\"\n"
                           "[[wells]]\nid = \"W\"\nx = 50\ny = 50\nlayer = 1\n"
                           "schedule = \"sched/w.csv\"\n";
}
}  // namespace

TEST_CASE("bad input: a missing data file is reported where the scenario names it",
          "[params][errors]") {
  TempDir dir;
  const auto problems =
      problems_with(dir, replace_line(base_scenario(), 14, "k = { file = \"nope.csv\" }"));
  REQUIRE(problems.size() == 1);
  require_problem(problems, dir.file("scenario.toml"), 14, 14,
                  "cannot read file \"" + dir.file("nope.csv") + "\" (no such file)");
}

TEST_CASE("bad input: a raster file with too few rows", "[params][errors]") {
  TempDir dir;
  dir.write("k.csv", "1 1 1 1\n1 1 1 1\n");
  const auto problems =
      problems_with(dir, replace_line(base_scenario(), 14, "k = { file = \"k.csv\" }"));
  require_problem(problems, dir.file("k.csv"), 2, 0,
                  "[[layers]] #1 k: the file ends after 2 rows; expected 3 rows (ny) of values, "
                  "the first line being the northern row");
}

TEST_CASE("bad input: a raster row with too many values and a non-number", "[params][errors]") {
  TempDir dir;
  dir.write("k.csv", "1, 1, 1, 1\n1, 1, 1, 1, 9\n1, x, 1, 1\n");
  const auto problems =
      problems_with(dir, replace_line(base_scenario(), 14, "k = { file = \"k.csv\" }"));
  require_problem(problems, dir.file("k.csv"), 2, 13, "the row has 5 values; expected nx = 4");
  require_problem(problems, dir.file("k.csv"), 3, 4, "\"x\" is not a number");
}

TEST_CASE("bad input: an invalid value inside a raster file", "[params][errors]") {
  TempDir dir;
  dir.write("k.csv", "1 1 1 1\n1 1 -2 1\n1 1 1 1\n");
  const auto problems =
      problems_with(dir, replace_line(base_scenario(), 14, "k = { file = \"k.csv\" }"));
  REQUIRE(problems.size() == 1);
  // The middle line is grid row 2; -2 is in column 3.
  require_problem(problems, dir.file("k.csv"), 2, 5,
                  "[[layers]] #1 k: value -2: expected a hydraulic conductivity > 0 m/d (at "
                  "row 2, column 3)");
}

TEST_CASE("bad input: a value in a raster with a BOM, comments, CRLF, quotes and tabs", "[params][errors]") {
  // Read in one pass (no problem until the range check): positions still in the file's terms.
  TempDir dir;
  dir.write("k.csv", "\xEF\xBB\xBF# K field\r\n1\t1 1 1\r\n\r\n 1, \"1\" ,1,1\r\n1 1 1 -3\r\n");
  const auto problems =
      problems_with(dir, replace_line(base_scenario(), 14, "k = { file = \"k.csv\" }"));
  REQUIRE(problems.size() == 1);
  require_problem(problems, dir.file("k.csv"), 5, 7,
                  "[[layers]] #1 k: value -3: expected a hydraulic conductivity > 0 m/d (at "
                  "row 1, column 4)");
}

TEST_CASE("bad input: a bottom file above the top", "[params][errors]") {
  TempDir dir;
  dir.write("bottom.csv", "0 0 0 0\n0 0 0 0\n0 0 0 12.5\n");
  const auto problems = problems_with(
      dir, replace_line(base_scenario(), 13, "bottom = { file = \"bottom.csv\" }"));
  require_problem(problems, dir.file("bottom.csv"), 3, 7,
                  "[[layers]] #1 bottom: bottom 12.5 m is not below the top 10 m; expected "
                  "bottom < top (a positive thickness) (at row 1, column 4)");
}

TEST_CASE("bad input: an impossible date in a schedule", "[params][errors]") {
  TempDir dir;
  dir.write("sched/w.csv", "date,rate_m3_per_d\n2020-01-01,-5\n2023-02-30,-6\n");
  const auto problems = problems_with(dir, with_scheduled_well());
  REQUIRE(problems.size() == 1);
  require_problem(problems, dir.file("sched/w.csv"), 3, 1,
                  "date: \"2023-02-30\" is not a calendar date");
}

TEST_CASE("bad input: schedule rows out of order and a bad rate", "[params][errors]") {
  TempDir dir;
  dir.write("sched/w.csv",
            "date,rate_m3_per_d\n2020-03-01,-5\n2020-02-01, -6\n2020-04-01, lots\n2020-05-01\n");
  const auto problems = problems_with(dir, with_scheduled_well());
  const std::string f = dir.file("sched/w.csv");
  require_problem(problems, f, 3, 1,
                  "date 2020-02-01 is not after the previous row's (line 2); expected rows in "
                  "strictly increasing time");
  require_problem(problems, f, 4, 13, "rate_m3_per_d: \"lots\" is not a number");
  require_problem(problems, f, 5, 0, "the row has 1 columns; expected rows of date,rate_m3_per_d");
}

TEST_CASE("bad input: GeoJSON syntax error", "[params][errors]") {
  TempDir dir;
  dir.write("domain.geojson", "{\"type\": \"Polygon\",\n \"coordinates\": [[[0, 0], [1, 0]\n");
  const auto problems = problems_with(
      dir, replace_line(base_scenario(), 9, "dy = 100\nactive = \"domain.geojson\""));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].file == dir.file("domain.geojson"));
  CHECK(problems[0].line == 3);
  CHECK(problems[0].column == 1);
  CHECK_THAT(problems[0].message, Catch::StartsWith("invalid JSON: syntax error"));
}

TEST_CASE("bad input: GeoJSON that is not a polygon", "[params][errors]") {
  TempDir dir;
  dir.write("zone.geojson", R"({"type": "LineString", "coordinates": [[0, 0], [1, 1]]})");
  const auto problems = problems_with(
      dir, base_scenario() + "[[layers.zones]]\npolygon = \"zone.geojson\"\nk = 50\n");
  require_problem(problems, dir.file("zone.geojson"), 0, 0,
                  "invalid GeoJSON: (root): geometry type \"LineString\" is not polygonal");
}

TEST_CASE("bad input: a boundary polygon that selects no cell (wrong CRS)", "[params][errors]") {
  TempDir dir;
  dir.write("coast.geojson",
            R"({"type": "Polygon", "coordinates": [[[5000, 800], [6000, 800], [6000, 900]]]})");
  const auto problems = problems_with(
      dir, base_scenario() + "[[boundary]]\nkind = \"constant_head\"\n"
                             "polygon = \"coast.geojson\"\nhead = 0\n");
  require_problem(problems, dir.file("scenario.toml"), 17, 1,
                  "[[boundary]] #1: selects no active cell; expected at least one active cell "
                  "(the polygon spans x 5000 .. 6000, y 800 .. 900 but the grid x 0 .. 400, y 0 .. "
                  "300; polygons must use the grid's CRS");
}

TEST_CASE("bad input: a well in an inactive cell", "[params][errors]") {
  TempDir dir;
  // Active area: the western half (columns 1-2).
  dir.write("domain.geojson",
            R"({"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [200, 300], [0, 300]]]})");
  const auto problems = problems_with(
      dir, replace_line(base_scenario(), 9, "dy = 100\nactive = \"domain.geojson\"") +
               "[[wells]]\nid = \"E\"\nx = 350\ny = 50\nlayer = 1\nrate = -1\n");
  require_problem(
      problems, dir.file("scenario.toml"), 20, 5,
      "[[wells]] \"E\": lies in an inactive cell (row 1, column 4, outside [grid] active)");
}

TEST_CASE("bad input: an unreadable scenario file", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_of(dir.file("missing.toml"));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].to_string() ==
        dir.file("missing.toml") +
            ": cannot read the scenario file; expected an existing, readable TOML file");
}

TEST_CASE("InputProblem::to_string and InputError::what", "[params][errors]") {
  CHECK(InputProblem{"a.toml", 3, 7, "bad"}.to_string() == "a.toml:3:7: bad");
  CHECK(InputProblem{"a.toml", 3, 0, "bad"}.to_string() == "a.toml:3: bad");
  CHECK(InputProblem{"a.csv", 0, 0, "bad"}.to_string() == "a.csv: bad");
  const InputError e({{"a.toml", 1, 2, "x"}, {"b.csv", 4, 5, "y"}});
  CHECK(std::string(e.what()) == "2 input problems\na.toml:1:2: x\nb.csv:4:5: y");
}
