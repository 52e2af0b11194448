// [[flooding]] and [compliance]: paddy areas per column, season times (wrap-around, years,
// time zone, 02-29), schedules of flooded areas, the fiscal-year start.
#include <algorithm>

#include "params/calendar.hpp"
#include "params/seasons.hpp"
#include "test_params_support.hpp"

using namespace aquifer;
using namespace aquifer::params;
using namespace aquifer::params::test;

namespace {

const solver::Flooding& flooding(const solver::Model& m, const std::string& id) {
  const auto it = std::find_if(m.flooding.begin(), m.flooding.end(),
                               [&](const solver::Flooding& f) { return f.id == id; });
  REQUIRE(it != m.flooding.end());
  return *it;
}

// Days from `from` to `to` (both "YYYY, MM, DD" dates at the same offset).
double days_between(int y0, int m0, int d0, int y1, int m1, int d1) {
  return static_cast<double>(days_from_civil(y1, m1, d1) - days_from_civil(y0, m0, d0));
}

std::string rectangle(double x0, double y0, double x1, double y1) {
  auto pt = [](double x, double y) {
    return "[" + std::to_string(x) + ", " + std::to_string(y) + "]";
  };
  return "[" + pt(x0, y0) + ", " + pt(x1, y0) + ", " + pt(x1, y1) + ", " + pt(x0, y1) + ", " +
         pt(x0, y0) + "]";
}

// base_scenario() (4 x 3 cells of 100 m) + [time] + one flooding table of the paddies `geojson`.
std::string with_flooding(const std::string& flooding_keys, const std::string& model_extra = "",
                          const std::string& end = "2021-12-31") {
  return replace_line(base_scenario(), 4, model_extra) + "[time]\nend = \"" + end +
         "\"\nstep = \"5 d\"\n[[flooding]]\nid = \"F\"\npolygon = \"p.geojson\"\n"
         "infiltration = \"6 cm/d\"\n" +
         flooding_keys;
}

}  // namespace

TEST_CASE("flooding: good scenario, season and schedule", "[params][flooding]") {
  const LoadedScenario s = load_scenario(data_path("good/scenario.toml"));
  const auto& winter = flooding(s.model, "winter");
  // paddy.geojson: a 2 ha rectangle inside the 250 m x 250 m cell of column 2, row 1.
  REQUIRE(winter.columns.size() == 1);
  CHECK(winter.columns[0].column == 1);
  CHECK(winter.columns[0].area_m2 == 20000.0);
  CHECK(winter.infiltration_m_per_d == Approx(0.06));
  CHECK(winter.credited_to == "Fab Co.");
  CHECK(winter.rejection_band_m == 0.25);
  // years = [2020]: 2020-11-01 .. 2021-03-31, from a 2020-01-01 start.
  CHECK(winter.flooded_share.value_before == 0.0);
  REQUIRE(winter.flooded_share.times_d.size() == 2);
  CHECK(winter.flooded_share.times_d[0] == 305.0);
  CHECK(winter.flooded_share.times_d[1] == 456.0);
  CHECK(winter.flooded_share.values == std::vector<double>{1.0, 0.0});

  const auto& summer = flooding(s.model, "summer");
  CHECK(summer.credited_to.empty());
  CHECK(summer.rejection_band_m == Approx(0.5));
  CHECK(summer.infiltration_m_per_d == Approx(0.05));
  // flooded.csv: 1.5 ha from 05-01, 2 ha from 07-01T12:00+09:00 (03:00 UTC), 0 from 09-01.
  const auto& share = summer.flooded_share;
  CHECK(share.value_before == 0.0);
  REQUIRE(share.times_d.size() == 3);
  CHECK(share.times_d[0] == Approx(121.0));
  CHECK(share.times_d[1] == Approx(182.125));
  CHECK(share.times_d[2] == Approx(244.0));
  CHECK(share.values[0] == Approx(0.75));
  CHECK(share.values[1] == 1.0);
  CHECK(share.values[2] == 0.0);
}

TEST_CASE("flooding: exact overlap area of the paddies in each column", "[params][flooding]") {
  TempDir dir;
  SECTION("a rectangle over six cells and a triangle in a seventh") {
    // Cells are 100 m: x 50..230 covers 50, 100 and 30 m of columns 1-3; y 80..150 covers
    // 20 and 50 m of rows 1-2. The triangle (legs 80 m) lies in column 4, row 3.
    dir.write("p.geojson",
              R"({"type": "MultiPolygon", "coordinates": [[)" + rectangle(50, 80, 230, 150) +
                  R"(], [[[310, 210], [390, 210], [310, 290], [310, 210]]]]})");
    const auto s = load_scenario(dir.write(
        "s.toml", with_flooding("season = { start = \"11-01\", end = \"03-31\" }\n")));
    const auto& f = flooding(s.model, "F");
    std::vector<std::pair<std::int64_t, double>> got;
    for (const auto& c : f.columns) got.emplace_back(c.column, c.area_m2);
    const std::vector<std::pair<std::int64_t, double>> expected{
        {0, 1000.0}, {1, 2000.0}, {2, 600.0},  // row 1 (south)
        {4, 2500.0}, {5, 5000.0}, {6, 1500.0}, // row 2
        {11, 3200.0}};                         // row 3, column 4
    CHECK(got == expected);
    CHECK(s.warnings.empty());
  }
  SECTION("area in inactive cells or outside the grid is dropped with a warning") {
    // Active: columns 2-4 (x 100..400). The paddy x -50..150, y 20..80: 3000 m2 outside the
    // grid, 6000 m2 in inactive column 1, 3000 m2 in column 2.
    dir.write("active.geojson",
              R"({"type": "Polygon", "coordinates": [)" + rectangle(100, 0, 400, 300) + "]}");
    dir.write("p.geojson",
              R"({"type": "Polygon", "coordinates": [)" + rectangle(-50, 20, 150, 80) + "]}");
    const auto text = replace_line(
        with_flooding("season = { start = \"11-01\", end = \"03-31\" }\n"), 10,
        "active = \"active.geojson\"");
    const auto s = load_scenario(dir.write("s.toml", text));
    const auto& f = flooding(s.model, "F");
    REQUIRE(f.columns.size() == 1);
    CHECK(f.columns[0].column == 1);
    CHECK(f.columns[0].area_m2 == 3000.0);
    REQUIRE(s.warnings.size() == 1);
    CHECK_THAT(s.warnings[0],
               Catch::Contains("s.toml:22:11: [[flooding]] \"F\" polygon: 0.9 ha of its 1.2 ha "
                               "lie outside the grid or in inactive cells (1 cell) and get no "
                               "infiltration"));
  }
  SECTION("paddies over constant-head cells are kept but flagged") {
    dir.write("p.geojson",
              R"({"type": "Polygon", "coordinates": [)" + rectangle(10, 10, 90, 90) + "]}");
    const auto s = load_scenario(dir.write(
        "s.toml", with_flooding("season = { start = \"11-01\", end = \"03-31\" }\n"
                                "[[boundary]]\nkind = \"constant_head\"\n"
                                "cells = { col = 1, row = 1 }\nhead = 9\n")));
    REQUIRE(s.warnings.size() == 1);
    CHECK_THAT(s.warnings[0], Catch::Contains("0.64 ha lie over constant-head cells, which "
                                              "take no infiltration"));
  }
}

TEST_CASE("flooding: seasons wrap the new year at local midnight", "[params][flooding]") {
  SECTION("season_bounds in a leap and a common winter, and 02-29 as the end") {
    const SeasonCalendar utc{static_cast<double>(days_from_civil(2024, 1, 1)), 0};
    const Season winter{{11, 1}, {3, 31}};
    auto [b, e] = season_bounds(winter, 2024, utc);
    CHECK(b == days_between(2024, 1, 1, 2024, 11, 1));
    CHECK(e == days_between(2024, 1, 1, 2025, 4, 1));  // Apr 1 00:00 of the next year
    CHECK(e - b == 151.0);
    std::tie(b, e) = season_bounds(winter, 2023, utc);
    CHECK(e - b == 152.0);  // through Feb 29 2024
    const Season february{{2, 1}, {2, 29}};
    std::tie(b, e) = season_bounds(february, 2023, utc);
    CHECK(e - b == 28.0);   // the last day of February in a common year
    std::tie(b, e) = season_bounds(february, 2024, utc);
    CHECK(e - b == 29.0);
    const Season one_day{{7, 15}, {7, 15}};
    std::tie(b, e) = season_bounds(one_day, 2024, utc);
    CHECK(e - b == 1.0);
  }
  SECTION("every year, start inside a season, [model] timezone, start at noon") {
    TempDir dir;
    dir.write("p.geojson",
              R"({"type": "Polygon", "coordinates": [)" + rectangle(110, 110, 190, 190) + "]}");
    // Start 2025-01-15 12:00 at +09:00: inside the 2024/25 winter. Season days start at
    // local midnight, so every switching time is a whole day minus 0.5 d.
    const auto text =
        replace_line(with_flooding("season = { start = \"11-01\", end = \"03-31\" }\n",
                                   "timezone = \"+09:00\"", "2026-12-31"),
                     3, "start = \"2025-01-15T12:00\"");
    const auto s = load_scenario(dir.write("s.toml", text));
    const auto& share = flooding(s.model, "F").flooded_share;
    CHECK(share.value_before == 0.0);
    CHECK(share.at(0.0) == 1.0);
    // Seasons intersecting [start - 366 d, end + 366 d]: those starting 2023 .. 2027.
    const auto t = [](int y, int m, int d) { return days_between(2025, 1, 15, y, m, d) - 0.5; };
    const std::vector<double> expected{t(2023, 11, 1), t(2024, 4, 1), t(2024, 11, 1),
                                       t(2025, 4, 1),  t(2025, 11, 1), t(2026, 4, 1),
                                       t(2026, 11, 1), t(2027, 4, 1),  t(2027, 11, 1),
                                       t(2028, 4, 1)};
    CHECK(share.times_d == expected);
    CHECK(share.at(t(2025, 4, 1) - 1e-9) == 1.0);  // Mar 31 is flooded
    CHECK(share.at(t(2025, 4, 1)) == 0.0);
    CHECK(share.at(t(2025, 10, 31) + 0.99) == 0.0);
    CHECK(share.average(t(2025, 10, 30), t(2025, 11, 4)) == Approx(0.6));  // 3 of 5 days
  }
  SECTION("touching seasons merge into one flooded stretch") {
    const SeasonCalendar utc{static_cast<double>(days_from_civil(2024, 1, 1)), 0};
    const auto share = season_share({{1, 1}, {12, 31}}, {}, utc, -366.0, 400.0);
    REQUIRE(share.times_d.size() == 2);
    CHECK(share.times_d[0] == -730.0);         // 2022-01-01: its season ends at -365 d
    CHECK(share.times_d[1] == 366.0 + 365.0);  // 2026-01-01
  }
}

TEST_CASE("flooding: years keeps the seasons that start in the listed years",
          "[params][flooding]") {
  TempDir dir;
  dir.write("p.geojson",
            R"({"type": "Polygon", "coordinates": [)" + rectangle(110, 110, 190, 190) + "]}");
  const auto s = load_scenario(dir.write(
      "s.toml", replace_line(with_flooding("season = { start = \"11-01\", end = \"03-31\" }\n"
                                           "years = [2026, 2024]\n",
                                           "", "2027-03-31"),
                             3, "start = \"2024-04-01\"")));
  const auto& share = flooding(s.model, "F").flooded_share;
  const auto t = [](int y, int m, int d) { return days_between(2024, 4, 1, y, m, d); };
  CHECK(share.times_d ==
        std::vector<double>{t(2024, 11, 1), t(2025, 4, 1), t(2026, 11, 1), t(2027, 4, 1)});
  CHECK(share.values == std::vector<double>{1.0, 0.0, 1.0, 0.0});
  CHECK(share.at(t(2025, 12, 1)) == 0.0);  // the 2025/26 winter is not listed
  CHECK(s.warnings.empty());

  SECTION("listed years outside the run give a warning") {
    const auto s2 = load_scenario(dir.write(
        "s2.toml", with_flooding("season = { start = \"11-01\", end = \"03-31\" }\n"
                                 "years = [2030]\n")));
    REQUIRE(s2.warnings.size() == 1);
    CHECK_THAT(s2.warnings[0], Catch::Contains("s2.toml:25:9: [[flooding]] \"F\" adds no water "
                                               "to this run (no season of the listed years "
                                               "overlaps it)"));
  }
}

TEST_CASE("flooding: a schedule of flooded areas gives the share of the paddy area",
          "[params][flooding]") {
  TempDir dir;
  // 0.64 ha of paddies in one cell.
  dir.write("p.geojson",
            R"({"type": "Polygon", "coordinates": [)" + rectangle(110, 110, 190, 190) + "]}");
  dir.write("f.csv", "date,flooded_area_ha\n2020-06-01,0.32\n2020-07-01,0.64\n"
                     "2020-09-15T06:00,0.16\n2020-10-01,0\n");
  const auto s = load_scenario(
      dir.write("s.toml", with_flooding("schedule = \"f.csv\"\n", "timezone = \"+09:00\"")));
  const auto& f = flooding(s.model, "F");
  REQUIRE(f.columns.size() == 1);
  CHECK(f.columns[0].column == 5);
  CHECK(f.columns[0].area_m2 == 6400.0);
  const auto& share = f.flooded_share;
  CHECK(share.value_before == 0.0);
  CHECK(share.times_d == std::vector<double>{152.0, 182.0, 258.25, 274.0});
  CHECK(share.values[0] == Approx(0.5));
  CHECK(share.values[1] == 1.0);
  CHECK(share.values[2] == Approx(0.25));
  CHECK(share.values[3] == 0.0);
  // Volume over the programme = infiltration x sum(area x days).
  const double volume_m3 = f.infiltration_m_per_d * f.columns[0].area_m2 *
                           share.average(0.0, 400.0) * 400.0;
  CHECK(volume_m3 == Approx(0.06 * (3200.0 * 30 + 6400.0 * 76.25 + 1600.0 * 15.75)));
  CHECK(std::count(s.input_files.begin(), s.input_files.end(), dir.file("f.csv")) == 1);
}

TEST_CASE("[compliance]: fiscal_year_start, other keys warned about", "[params][flooding]") {
  TempDir dir;
  const auto s = load_scenario(dir.write(
      "s.toml", base_scenario() + "[compliance]\nfiscal_year_start = \"10-01\"\n"
                                  "strict = true\n"));
  CHECK(s.fiscal_year_start_month == 10);
  CHECK(s.fiscal_year_start_day == 1);
  REQUIRE(s.warnings.size() == 1);
  CHECK_THAT(s.warnings[0],
             Catch::Contains("s.toml:19:1: [compliance] strict is parsed but not used"));
}
