// Polygons from GeoJSON, point-in-polygon tests, and exact polygon/rectangle overlap areas.
//
// Coordinates are taken as given, in the grid's CRS units (m): GeoJSON files for a model must
// be written in the model's projected CRS, not in longitude/latitude.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aquifer::params {

struct Point final {
  double x = 0.0;
  double y = 0.0;
};

using Ring = std::vector<Point>;  // closed implicitly: the last point connects to the first

// A polygon with an outer boundary and zero or more holes.
struct Polygon final {
  Ring outer;
  std::vector<Ring> holes;
};

// Axis-aligned rectangle (a grid cell, a bounding box).
struct Rect final {
  double x_min = 0.0;
  double y_min = 0.0;
  double x_max = 0.0;
  double y_max = 0.0;
  [[nodiscard]] double area() const { return (x_max - x_min) * (y_max - y_min); }
  [[nodiscard]] bool intersects(const Rect& o) const {
    return x_min < o.x_max && o.x_min < x_max && y_min < o.y_max && o.y_min < y_max;
  }
};

// The union of disjoint polygons (GeoJSON MultiPolygon semantics).
struct MultiPolygon final {
  std::vector<Polygon> polygons;
  [[nodiscard]] bool empty() const { return polygons.empty(); }
  [[nodiscard]] Rect bounding_box() const;
};

// Signed area of a ring [m2]: positive when counter-clockwise.
[[nodiscard]] double signed_area(const Ring& ring);
// Area of a polygon (outer minus holes) [m2].
[[nodiscard]] double area(const Polygon& polygon);
[[nodiscard]] double area(const MultiPolygon& shape);

// Even-odd rule over the outer ring and holes: a point in a hole is outside.
[[nodiscard]] bool contains(const Polygon& polygon, Point p);
[[nodiscard]] bool contains(const MultiPolygon& shape, Point p);

// Clips a ring to a rectangle (Sutherland-Hodgman). The area of the result is the exact
// overlap area, also for concave rings.
[[nodiscard]] Ring clip_to_rect(const Ring& ring, const Rect& rect);

// Exact area [m2] of the part of the polygon(s) inside the rectangle: clipped outer rings
// minus clipped holes. Holes must lie inside their outer ring (as GeoJSON requires).
[[nodiscard]] double overlap_area(const Polygon& polygon, const Rect& rect);
[[nodiscard]] double overlap_area(const MultiPolygon& shape, const Rect& rect);

// A GeoJSON parse failure; line/column are 1-based, 0 when the problem is structural.
struct GeoJsonError final {
  int line = 0;
  int column = 0;
  std::string message;
};

// Reads a GeoJSON Polygon, MultiPolygon, Feature, FeatureCollection or GeometryCollection
// (every polygonal geometry joins the union). Rings need at least 3 distinct points; the
// closing point may be omitted. Returns nullopt and fills `error` on failure.
[[nodiscard]] std::optional<MultiPolygon> parse_geojson(std::string_view text,
                                                        GeoJsonError* error = nullptr);

}  // namespace aquifer::params
