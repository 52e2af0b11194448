#include "params/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

namespace aquifer::params {

using nlohmann::json;

Rect MultiPolygon::bounding_box() const {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Rect box{inf, inf, -inf, -inf};
  for (const auto& polygon : polygons) {
    for (const auto& p : polygon.outer) {
      box.x_min = std::min(box.x_min, p.x);
      box.y_min = std::min(box.y_min, p.y);
      box.x_max = std::max(box.x_max, p.x);
      box.y_max = std::max(box.y_max, p.y);
    }
  }
  return box;
}

double signed_area(const Ring& ring) {
  double twice = 0.0;
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % n];
    twice += a.x * b.y - b.x * a.y;
  }
  return 0.5 * twice;
}

double area(const Polygon& polygon) {
  double a = std::abs(signed_area(polygon.outer));
  for (const auto& hole : polygon.holes) a -= std::abs(signed_area(hole));
  return a;
}

double area(const MultiPolygon& shape) {
  double a = 0.0;
  for (const auto& polygon : shape.polygons) a += area(polygon);
  return a;
}

namespace {

// Even-odd crossing test of one ring; toggles `inside` for every edge crossed by the ray
// from p towards +x.
void toggle_crossings(const Ring& ring, Point p, bool& inside) {
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.y > p.y) != (b.y > p.y)) {
      const double x_cross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
      if (p.x < x_cross) inside = !inside;
    }
  }
}

// Keeps the part of `in` on the inner side of one rectangle edge.
// axis 0: x, axis 1: y; keep_above: keep coordinate >= limit, else <= limit.
Ring clip_half_plane(const Ring& in, int axis, double limit, bool keep_above) {
  Ring out;
  if (in.empty()) return out;
  auto coord = [axis](const Point& p) { return axis == 0 ? p.x : p.y; };
  auto inside = [&](const Point& p) {
    return keep_above ? coord(p) >= limit : coord(p) <= limit;
  };
  auto cross = [&](const Point& a, const Point& b) {
    const double t = (limit - coord(a)) / (coord(b) - coord(a));
    return Point{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
  };
  Point prev = in.back();
  bool prev_in = inside(prev);
  for (const Point& cur : in) {
    const bool cur_in = inside(cur);
    if (cur_in != prev_in) out.push_back(cross(prev, cur));
    if (cur_in) out.push_back(cur);
    prev = cur;
    prev_in = cur_in;
  }
  return out;
}

}  // namespace

bool contains(const Polygon& polygon, Point p) {
  bool inside = false;
  toggle_crossings(polygon.outer, p, inside);
  for (const auto& hole : polygon.holes) toggle_crossings(hole, p, inside);
  return inside;
}

bool contains(const MultiPolygon& shape, Point p) {
  return std::any_of(shape.polygons.begin(), shape.polygons.end(),
                     [&](const Polygon& polygon) { return contains(polygon, p); });
}

Ring clip_to_rect(const Ring& ring, const Rect& rect) {
  Ring r = clip_half_plane(ring, 0, rect.x_min, true);
  r = clip_half_plane(r, 0, rect.x_max, false);
  r = clip_half_plane(r, 1, rect.y_min, true);
  return clip_half_plane(r, 1, rect.y_max, false);
}

double overlap_area(const Polygon& polygon, const Rect& rect) {
  double a = std::abs(signed_area(clip_to_rect(polygon.outer, rect)));
  for (const auto& hole : polygon.holes) a -= std::abs(signed_area(clip_to_rect(hole, rect)));
  return std::clamp(a, 0.0, rect.area());
}

double overlap_area(const MultiPolygon& shape, const Rect& rect) {
  double a = 0.0;
  for (const auto& polygon : shape.polygons) a += overlap_area(polygon, rect);
  return std::min(a, rect.area());
}

// ---- GeoJSON ---------------------------------------------------------------------------
namespace {

struct Fail final {
  std::string message;
};

std::optional<Point> parse_position(const json& j) {
  if (!j.is_array() || j.size() < 2 || !j[0].is_number() || !j[1].is_number()) return {};
  const Point p{j[0].get<double>(), j[1].get<double>()};
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) return {};
  return p;
}

Ring parse_ring(const json& j, const std::string& path) {
  if (!j.is_array()) throw Fail{path + ": expected a ring, an array of [x, y] positions"};
  Ring ring;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto p = parse_position(j[i]);
    if (!p) {
      throw Fail{path + "[" + std::to_string(i) + "]: expected a position [x, y] of numbers"};
    }
    ring.push_back(*p);
  }
  if (ring.size() > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) {
    ring.pop_back();  // GeoJSON repeats the first point at the end
  }
  if (ring.size() < 3) throw Fail{path + ": a ring needs at least 3 distinct points"};
  if (signed_area(ring) == 0.0) throw Fail{path + ": the ring has zero area"};
  return ring;
}

Polygon parse_polygon(const json& coords, const std::string& path) {
  if (!coords.is_array() || coords.empty()) {
    throw Fail{path + ": expected Polygon coordinates, an array of rings (outer ring first)"};
  }
  Polygon polygon;
  polygon.outer = parse_ring(coords[0], path + "[0]");
  for (std::size_t i = 1; i < coords.size(); ++i) {
    polygon.holes.push_back(parse_ring(coords[i], path + "[" + std::to_string(i) + "]"));
  }
  return polygon;
}

const json& member(const json& j, const char* key, const std::string& path) {
  if (!j.is_object() || !j.contains(key)) {
    throw Fail{path + ": missing \"" + key + "\""};
  }
  return j.at(key);
}

std::string type_of(const json& j, const std::string& path) {
  const json& t = member(j, "type", path);
  if (!t.is_string()) throw Fail{path + ".type: expected a string"};
  return t.get<std::string>();
}

void parse_geometry(const json& g, const std::string& path, MultiPolygon& out) {
  const std::string type = type_of(g, path);
  if (type == "Polygon") {
    out.polygons.push_back(parse_polygon(member(g, "coordinates", path), path + ".coordinates"));
  } else if (type == "MultiPolygon") {
    const json& coords = member(g, "coordinates", path);
    if (!coords.is_array()) throw Fail{path + ".coordinates: expected an array of polygons"};
    for (std::size_t i = 0; i < coords.size(); ++i) {
      out.polygons.push_back(
          parse_polygon(coords[i], path + ".coordinates[" + std::to_string(i) + "]"));
    }
  } else if (type == "GeometryCollection") {
    const json& geometries = member(g, "geometries", path);
    if (!geometries.is_array()) throw Fail{path + ".geometries: expected an array"};
    for (std::size_t i = 0; i < geometries.size(); ++i) {
      parse_geometry(geometries[i], path + ".geometries[" + std::to_string(i) + "]", out);
    }
  } else {
    throw Fail{path + ": geometry type \"" + type +
               "\" is not polygonal; expected Polygon or MultiPolygon"};
  }
}

void parse_feature(const json& f, const std::string& path, MultiPolygon& out) {
  const json& geometry = member(f, "geometry", path);
  if (geometry.is_null()) throw Fail{path + ".geometry: is null; expected a polygon"};
  parse_geometry(geometry, path + ".geometry", out);
}

void parse_root(const json& root, MultiPolygon& out) {
  const std::string type = type_of(root, "(root)");
  if (type == "FeatureCollection") {
    const json& features = member(root, "features", "(root)");
    if (!features.is_array()) throw Fail{"features: expected an array"};
    for (std::size_t i = 0; i < features.size(); ++i) {
      parse_feature(features[i], "features[" + std::to_string(i) + "]", out);
    }
  } else if (type == "Feature") {
    parse_feature(root, "(root)", out);
  } else {
    parse_geometry(root, "(root)", out);
  }
  if (out.empty()) throw Fail{"no polygon found; expected a Polygon or MultiPolygon"};
}

// 1-based line and column of a byte offset (1-based, as nlohmann reports it).
void locate(std::string_view text, std::size_t byte, GeoJsonError& error) {
  error.line = 1;
  error.column = 1;
  const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++error.line;
      error.column = 1;
    } else {
      ++error.column;
    }
  }
}

}  // namespace

std::optional<MultiPolygon> parse_geojson(std::string_view text, GeoJsonError* error) {
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    if (error) {
      locate(text, e.byte, *error);
      const std::string what = e.what();
      const auto colon = what.find(": ");
      error->message =
          "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
    }
    return std::nullopt;
  }
  MultiPolygon out;
  try {
    parse_root(root, out);
  } catch (const Fail& f) {
    if (error) *error = {0, 0, "invalid GeoJSON: " + f.message};
    return std::nullopt;
  } catch (const json::exception& e) {
    if (error) *error = {0, 0, std::string("invalid GeoJSON: ") + e.what()};
    return std::nullopt;
  }
  return out;
}

}  // namespace aquifer::params
