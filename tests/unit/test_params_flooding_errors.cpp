// Invalid [[flooding]] and [compliance] input: each case asserts the file, line, column and a
// fragment of the message. Lines refer to flooding_scenario() below.
#include "test_params_support.hpp"

using namespace aquifer::params;
using namespace aquifer::params::test;

namespace {

// base_scenario() (16 lines) +
//   17 [time]                 21 id = "F"
//   18 end = "2021-12-31"     22 polygon = "p.geojson"
//   19                        23 season = { start = "11-01", end = "03-31" }
//   20 [[flooding]]           24 infiltration = "6 cm/d"
// with a 0.64 ha paddy (p.geojson) in the cell of column 2, row 2.
std::string flooding_scenario(const TempDir& dir) {
  dir.write("p.geojson", R"({"type": "Polygon", "coordinates": [[[110, 110], [190, 110],
                              [190, 190], [110, 190], [110, 110]]]})");
  return base_scenario() +
         "[time]\n"
         "end = \"2021-12-31\"\n"
         "\n"
         "[[flooding]]\n"
         "id = \"F\"\n"
         "polygon = \"p.geojson\"\n"
         "season = { start = \"11-01\", end = \"03-31\" }\n"
         "infiltration = \"6 cm/d\"\n";
}

// flooding_scenario() with a schedule file instead of the season.
std::vector<InputProblem> schedule_problems(const TempDir& dir, const std::string& csv) {
  dir.write("f.csv", csv);
  return problems_with(dir, replace_line(flooding_scenario(dir), 23, "schedule = \"f.csv\""));
}

}  // namespace

TEST_CASE("bad flooding: a season day that does not exist", "[params][errors][flooding]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, replace_line(flooding_scenario(dir), 23,
                        "season = { start = \"11-31\", end = \"3/31\" }"));
  require_problem(problems, dir.file("scenario.toml"), 23, 20,
                  "[[flooding]] \"F\" season start: \"11-31\" is not a day of the year; "
                  "expected a month 01-12 and a day that exists in that month");
  require_problem(problems, dir.file("scenario.toml"), 23, 35,
                  "[[flooding]] \"F\" season end: \"3/31\" is not a month-day; expected "
                  "\"MM-DD\"");
}

TEST_CASE("bad flooding: a season starting on 02-29", "[params][errors][flooding]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, replace_line(flooding_scenario(dir), 23,
                        "season = { start = \"02-29\", end = \"03-31\", stop = \"04-01\" }"));
  require_problem(problems, dir.file("scenario.toml"), 23, 20,
                  "season start: a season cannot start on 02-29, a day most years lack");
  require_problem(problems, dir.file("scenario.toml"), 23, 44,
                  "[[flooding]] \"F\" season: unknown key \"stop\"");
}

TEST_CASE("bad flooding: season and schedule together, or neither", "[params][errors][flooding]") {
  TempDir dir;
  SECTION("both") {
    const auto problems =
        problems_with(dir, flooding_scenario(dir) + "schedule = \"f.csv\"\n");
    REQUIRE(problems.size() == 1);
    require_problem(problems, dir.file("scenario.toml"), 25, 12,
                    "[[flooding]] \"F\" schedule: give either season (with optional years) or "
                    "schedule, not both");
  }
  SECTION("neither") {
    const auto problems = problems_with(dir, replace_line(flooding_scenario(dir), 23, ""));
    require_problem(problems, dir.file("scenario.toml"), 20, 1,
                    "[[flooding]] \"F\": missing required key \"season\" (or schedule");
  }
}

TEST_CASE("bad flooding: infiltration not a positive rate", "[params][errors][flooding]") {
  TempDir dir;
  SECTION("zero") {
    const auto problems = problems_with(
        dir, replace_line(flooding_scenario(dir), 24, "infiltration = \"0 cm/d\""));
    require_problem(problems, dir.file("scenario.toml"), 24, 16,
                    "[[flooding]] \"F\" infiltration: expected an infiltration rate (seepage "
                    "while flooded) > 0, got 0");
  }
  SECTION("a volume rate") {
    const auto problems = problems_with(
        dir, replace_line(flooding_scenario(dir), 24, "infiltration = \"600 m3/d\""));
    require_problem(problems, dir.file("scenario.toml"), 24, 16,
                    "unit \"m3/d\" is of dimension volume/time; expected a recharge rate");
  }
  SECTION("rejection band") {
    const auto problems =
        problems_with(dir, flooding_scenario(dir) + "rejection_band = \"-1 m\"\n");
    require_problem(problems, dir.file("scenario.toml"), 25, 18,
                    "rejection_band: expected a depth below land surface > 0, got -1");
  }
}

TEST_CASE("bad flooding: duplicate id, empty credited_to", "[params][errors][flooding]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, flooding_scenario(dir) + "credited_to = \"\"\n[[flooding]]\nid = \"F\"\n"
                                    "polygon = \"p.geojson\"\nschedule = \"f.csv\"\n"
                                    "infiltration = 0.06\n");
  require_problem(problems, dir.file("scenario.toml"), 25, 15,
                  "credited_to: expected the permit holder's name");
  require_problem(problems, dir.file("scenario.toml"), 27, 6,
                  "[[flooding]] \"F\" id: duplicate id \"F\" (first used on line 21)");
}

TEST_CASE("bad flooding: years", "[params][errors][flooding]") {
  TempDir dir;
  SECTION("not four-digit integers, a repeat") {
    const auto problems = problems_with(
        dir, flooding_scenario(dir) + "years = [2024, \"2025\", 25, 2024]\n");
    require_problem(problems, dir.file("scenario.toml"), 25, 16,
                    "[[flooding]] \"F\" years: expected four-digit years such as 2024, got a "
                    "string");
    require_problem(problems, dir.file("scenario.toml"), 25, 24,
                    "expected four-digit years such as 2024, got 25");
    require_problem(problems, dir.file("scenario.toml"), 25, 28,
                    "years: 2024 is listed twice; expected each year once");
  }
  SECTION("empty") {
    const auto problems = problems_with(dir, flooding_scenario(dir) + "years = []\n");
    require_problem(problems, dir.file("scenario.toml"), 25, 9,
                    "years: expected a non-empty array of years such as [2024, 2025]");
  }
  SECTION("with a schedule") {
    const auto problems =
        problems_with(dir, replace_line(flooding_scenario(dir), 23, "schedule = \"f.csv\"") +
                               "years = [2024]\n");
    require_problem(problems, dir.file("scenario.toml"), 23, 12,
                    "give either season (with optional years) or schedule, not both");
  }
}

TEST_CASE("bad flooding: paddies outside the active area", "[params][errors][flooding]") {
  TempDir dir;
  const std::string text = flooding_scenario(dir);
  // Longitude/latitude (California) instead of the grid's metres.
  dir.write("p.geojson", R"({"type": "Polygon", "coordinates": [[[-122.5, 37.7], [-122.4, 37.7],
                              [-122.4, 37.8], [-122.5, 37.7]]]})");
  const auto problems = problems_with(dir, text);
  REQUIRE(problems.size() == 1);
  require_problem(problems, dir.file("scenario.toml"), 22, 11,
                  "[[flooding]] \"F\" polygon: covers no active cell; expected paddies "
                  "overlapping the active area");
  CHECK_THAT(problems[0].message, Catch::Contains("not longitude/latitude"));
}

TEST_CASE("bad flooding: schedule values out of range", "[params][errors][flooding]") {
  TempDir dir;
  const auto problems =
      schedule_problems(dir, "date,flooded_area_ha\n2020-06-01, -0.1\n2020-07-01,0.65\n"
                             "2020-07-01,0.2\n2020-08-01,0.64\n");
  const std::string csv = dir.file("f.csv");
  require_problem(problems, csv, 2, 13,
                  "flooded_area_ha: -0.1 is negative; expected a flooded area >= 0 ha");
  require_problem(problems, csv, 3, 12,
                  "flooded_area_ha: 0.65 ha is more than the paddy area of [[flooding]] \"F\" "
                  "(0.64 ha inside active cells); expected at most that area");
  require_problem(problems, csv, 4, 1,
                  "date 2020-07-01 is not after the previous row's (line 3)");
  CHECK(problems.size() == 3);  // 0.64 ha (the whole paddy area) is fine
}

TEST_CASE("bad flooding: schedule header", "[params][errors][flooding]") {
  TempDir dir;
  SECTION("a header naming another unit") {
    const auto problems = schedule_problems(dir, "date,flooded_area_m2\n2020-06-01,3000\n");
    REQUIRE(problems.size() == 1);
    require_problem(problems, dir.file("f.csv"), 1, 6,
                    "column 2 is named \"flooded_area_m2\"; expected the header line "
                    "date,flooded_area_ha (it names the unit)");
  }
  SECTION("no header") {
    const auto problems = schedule_problems(dir, "# flooded paddies\n2020-06-01,0.3\n");
    require_problem(problems, dir.file("f.csv"), 2, 1,
                    "the schedule has no header; expected the header line date,flooded_area_ha");
  }
  SECTION("a missing schedule file is reported where the scenario names it") {
    const auto problems =
        problems_with(dir, replace_line(flooding_scenario(dir), 23, "schedule = \"f.csv\""));
    require_problem(problems, dir.file("scenario.toml"), 23, 12,
                    "cannot read file \"" + dir.file("f.csv") + "\" (no such file)");
  }
}

TEST_CASE("bad compliance: fiscal_year_start", "[params][errors][flooding]") {
  TempDir dir;
  const auto problem_for = [&](const std::string& value) {
    return problems_with(dir, base_scenario() + "[compliance]\nfiscal_year_start = " + value +
                                  "\n");
  };
  require_problem(problem_for("\"13-01\""), dir.file("scenario.toml"), 18, 21,
                  "[compliance] fiscal_year_start: \"13-01\" is not a day of the year");
  require_problem(problem_for("\"02-29\""), dir.file("scenario.toml"), 18, 21,
                  "[compliance] fiscal_year_start: a fiscal year cannot start on 02-29");
  require_problem(problem_for("\"2024-04-01\""), dir.file("scenario.toml"), 18, 21,
                  "\"2024-04-01\" is not a month-day; expected \"MM-DD\" such as \"11-01\"");
  require_problem(problem_for("401"), dir.file("scenario.toml"), 18, 21,
                  "expected a month-day \"MM-DD\" such as \"04-01\", got an integer");
}
