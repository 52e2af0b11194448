// Polygons (GeoJSON, point-in-polygon, overlap areas) and the CSV reader of params/.
#include <cmath>

#include <catch2/catch.hpp>

#include "params/csv_table.hpp"
#include "params/geometry.hpp"

using namespace aquifer::params;

namespace {
MultiPolygon shape_of(const std::string& json) {
  GeoJsonError error;
  auto shape = parse_geojson(json, &error);
  INFO(error.message);
  REQUIRE(shape.has_value());
  return *shape;
}

// 100 x 100 m square with a 20 x 20 m hole in the middle.
const char* square_with_hole =
    R"({"type": "Polygon", "coordinates": [
         [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]],
         [[40, 40], [60, 40], [60, 60], [40, 60], [40, 40]]]})";
}  // namespace

TEST_CASE("point in polygon respects holes", "[params][geometry]") {
  const MultiPolygon s = shape_of(square_with_hole);
  CHECK(contains(s, {10, 10}));
  CHECK(contains(s, {70, 50}));
  CHECK_FALSE(contains(s, {50, 50}));  // in the hole
  CHECK_FALSE(contains(s, {150, 50}));
  CHECK_FALSE(contains(s, {-1, 50}));
  CHECK(area(s) == Approx(10000.0 - 400.0));
}

TEST_CASE("MultiPolygon inside a FeatureCollection", "[params][geometry]") {
  const MultiPolygon s = shape_of(R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [
         [[[0, 0], [10, 0], [10, 10], [0, 10]]],
         [[[20, 0], [30, 0], [30, 10], [20, 10], [20, 0]]]]}},
      {"type": "Feature", "properties": {}, "geometry":
         {"type": "Polygon", "coordinates": [[[0, 20], [10, 20], [5, 30], [0, 20]]]}}]})");
  REQUIRE(s.polygons.size() == 3);
  CHECK(contains(s, {5, 5}));
  CHECK(contains(s, {25, 5}));
  CHECK_FALSE(contains(s, {15, 5}));  // between the two parts
  CHECK(contains(s, {5, 22}));
  CHECK(area(s) == Approx(250.0));
}

TEST_CASE("overlap area of polygons and grid cells", "[params][geometry]") {
  SECTION("a 2 ha square inside a 250 m cell") {
    const double side = std::sqrt(20000.0);
    const Polygon square{{{10, 10}, {10 + side, 10}, {10 + side, 10 + side}, {10, 10 + side}}, {}};
    CHECK(overlap_area(square, Rect{0, 0, 250, 250}) == Approx(20000.0));
  }
  SECTION("a polygon crossing a cell edge is split exactly") {
    // 200 x 100 m rectangle from x = 150 to 350: 100 m in each of two 250 m cells.
    const Polygon rect{{{150, 50}, {350, 50}, {350, 150}, {150, 150}}, {}};
    CHECK(overlap_area(rect, Rect{0, 0, 250, 250}) == Approx(10000.0));
    CHECK(overlap_area(rect, Rect{250, 0, 500, 250}) == Approx(10000.0));
    CHECK(overlap_area(rect, Rect{500, 0, 750, 250}) == 0.0);
  }
  SECTION("a triangle across a corner, clockwise, and a cell inside the polygon") {
    const Polygon tri{{{0, 0}, {0, 400}, {400, 0}}, {}};  // clockwise
    // Cell [100, 300] x [100, 300]: the part below x + y = 400 is half the cell.
    CHECK(overlap_area(tri, Rect{100, 100, 300, 300}) == Approx(20000.0));
    CHECK(overlap_area(tri, Rect{0, 0, 10, 10}) == Approx(100.0));
  }
  SECTION("holes are subtracted, concave shapes clip exactly") {
    const MultiPolygon s = shape_of(square_with_hole);
    CHECK(overlap_area(s, Rect{0, 0, 50, 50}) == Approx(2500.0 - 100.0));
    // U shape: 30 x 30 with a 10 x 20 notch from the top.
    const Polygon u{{{0, 0}, {30, 0}, {30, 30}, {20, 30}, {20, 10}, {10, 10}, {10, 30}, {0, 30}},
                    {}};
    CHECK(overlap_area(u, Rect{0, 0, 30, 30}) == Approx(700.0));
    CHECK(overlap_area(u, Rect{5, 15, 25, 30}) == Approx(2 * 5 * 15.0));
  }
}

TEST_CASE("GeoJSON problems are reported with a position or a path", "[params][geometry]") {
  GeoJsonError error;
  CHECK_FALSE(parse_geojson(
      "{\n  \"type\": \"Polygon\",\n  \"coordinates\": [[[0, 0], [1, 0] [1, 1]]]\n}", &error));
  CHECK(error.line == 3);
  CHECK(error.column > 1);
  CHECK_THAT(error.message, Catch::Contains("invalid JSON"));

  CHECK_FALSE(parse_geojson(R"({"type": "Point", "coordinates": [1, 2]})", &error));
  CHECK(error.line == 0);
  CHECK_THAT(error.message, Catch::Contains("\"Point\" is not polygonal"));

  CHECK_FALSE(parse_geojson(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]})",
                            &error));
  CHECK_THAT(error.message, Catch::Contains("at least 3 distinct points"));

  CHECK_FALSE(parse_geojson(R"({"type": "Polygon", "coordinates": [[[0, 0], ["a", 0], [1, 1]]]})",
                            &error));
  CHECK_THAT(error.message, Catch::Contains("(root).coordinates[0][1]: expected a position"));
}

TEST_CASE("CSV reader keeps line and column numbers", "[params][csv]") {
  const auto rows = parse_csv("\xEF\xBB\xBF# comment\n\ndate, value\r\n2020-01-01 00:00,  5\n",
                              CsvSeparator::comma);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 3);
  CHECK(looks_like_header(rows[0]));
  CHECK(rows[1].line == 4);
  CHECK(rows[1].fields[0].text == "2020-01-01 00:00");
  CHECK(rows[1].fields[1].text == "5");
  CHECK(rows[1].fields[1].column == 20);
  CHECK_FALSE(looks_like_header(rows[1]));

  const auto grid = parse_csv("1  2\t3\n4,5,6\n", CsvSeparator::comma_or_whitespace);
  REQUIRE(grid.size() == 2);
  CHECK(grid[0].fields.size() == 3);
  CHECK(grid[0].fields[2].column == 6);
  CHECK(grid[1].fields[1].text == "5");
  CHECK(grid[1].fields[1].column == 3);
}
