#include "output/crs.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace aquifer::output {

namespace {

struct Origin final {
  double lat_deg, lon_deg;
};

// Japan Plane Rectangular CS zones I..XIX: latitude and longitude of the origin.
constexpr std::array<Origin, 19> kJapanZones = {{
    {33.0, 129.5},           {33.0, 131.0},           {36.0, 132.0 + 10.0 / 60.0},
    {33.0, 133.5},           {36.0, 134.0 + 20.0 / 60.0}, {36.0, 136.0},
    {36.0, 137.0 + 10.0 / 60.0}, {36.0, 138.5},       {36.0, 139.0 + 50.0 / 60.0},
    {40.0, 140.0 + 50.0 / 60.0}, {44.0, 140.25},      {44.0, 142.25},
    {44.0, 144.25},          {26.0, 142.0},           {26.0, 127.5},
    {26.0, 124.0},           {26.0, 131.0},           {20.0, 136.0},
    {26.0, 154.0}}};

constexpr std::array<const char*, 19> kRoman = {"I",   "II",  "III",  "IV",  "V",   "VI",  "VII",
                                                 "VIII", "IX", "X",    "XI",  "XII", "XIII", "XIV",
                                                 "XV",  "XVI", "XVII", "XVIII", "XIX"};

struct Datum final {
  const char* geographic_name;  // "JGD2011"
  const char* datum_name;       // "Japanese Geodetic Datum 2011"
  const char* wkt_datum;        // "Japanese_Geodetic_Datum_2011"
  const char* ellipsoid;        // "GRS 1980"
  double inverse_flattening;
  int epsg_ellipsoid, epsg_datum, epsg_geographic;
};

constexpr Datum kJgd2011{"JGD2011", "Japanese Geodetic Datum 2011", "Japanese_Geodetic_Datum_2011",
                         "GRS 1980", 298.257222101, 7019, 1128, 6668};
constexpr Datum kJgd2000{"JGD2000", "Japanese Geodetic Datum 2000", "Japanese_Geodetic_Datum_2000",
                         "GRS 1980", 298.257222101, 7019, 6612, 4612};
constexpr Datum kWgs84{"WGS 84", "World Geodetic System 1984", "WGS_1984", "WGS 84", 298.257223563, 7030,
                       6326, 4326};

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", v);
  return text;
}

std::string wkt(const GridMapping& m, const Datum& d, bool northing_first) {
  const std::string geog =
      "GEOGCS[\"" + std::string(d.geographic_name) + "\",DATUM[\"" + d.wkt_datum + "\",SPHEROID[\"" + d.ellipsoid +
      "\",6378137," + number(d.inverse_flattening) + ",AUTHORITY[\"EPSG\",\"" + std::to_string(d.epsg_ellipsoid) +
      "\"]],AUTHORITY[\"EPSG\",\"" + std::to_string(d.epsg_datum) +
      "\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,"
      "AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"" + std::to_string(d.epsg_geographic) + "\"]]";
  const std::string axes = northing_first ? R"(AXIS["X",NORTH],AXIS["Y",EAST])"
                                          : R"(AXIS["Easting",EAST],AXIS["Northing",NORTH])";
  return "PROJCS[\"" + m.projected_crs_name + "\"," + geog + ",PROJECTION[\"Transverse_Mercator\"]," +
         "PARAMETER[\"latitude_of_origin\"," + number(m.latitude_of_projection_origin_deg) + "]," +
         "PARAMETER[\"central_meridian\"," + number(m.longitude_of_central_meridian_deg) + "]," +
         "PARAMETER[\"scale_factor\"," + number(m.scale_factor_at_central_meridian) + "]," +
         "PARAMETER[\"false_easting\"," + number(m.false_easting_m) + "]," +
         "PARAMETER[\"false_northing\"," + number(m.false_northing_m) + "]," +
         "UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]]," + axes + ",AUTHORITY[\"EPSG\",\"" +
         std::to_string(m.epsg) + "\"]]";
}

GridMapping transverse_mercator(int epsg, const Datum& d, std::string name, double lat0, double lon0,
                                double k0, double false_easting, double false_northing) {
  GridMapping m;
  m.epsg = epsg;
  m.projected_crs_name = std::move(name);
  m.geographic_crs_name = d.geographic_name;
  m.horizontal_datum_name = d.datum_name;
  m.reference_ellipsoid_name = d.ellipsoid;
  m.inverse_flattening = d.inverse_flattening;
  m.latitude_of_projection_origin_deg = lat0;
  m.longitude_of_central_meridian_deg = lon0;
  m.scale_factor_at_central_meridian = k0;
  m.false_easting_m = false_easting;
  m.false_northing_m = false_northing;
  return m;
}

GridMapping japan_plane(int epsg, const Datum& d, int zone_index) {
  const Origin o = kJapanZones[static_cast<std::size_t>(zone_index)];
  auto m = transverse_mercator(epsg, d,
                               std::string(d.geographic_name) + " / Japan Plane Rectangular CS " +
                                   kRoman[static_cast<std::size_t>(zone_index)],
                               o.lat_deg, o.lon_deg, 0.9999, 0.0, 0.0);
  m.crs_wkt = wkt(m, d, true);
  return m;
}

GridMapping utm(int epsg, const Datum& d, int zone, bool north) {
  auto m = transverse_mercator(epsg, d,
                               std::string(d.geographic_name) + " / UTM zone " + std::to_string(zone) +
                                   (north ? "N" : "S"),
                               0.0, -183.0 + 6.0 * zone, 0.9996, 500000.0, north ? 0.0 : 10000000.0);
  m.crs_wkt = wkt(m, d, false);
  return m;
}

std::optional<int> epsg_code(const std::string& crs) {
  if (crs.size() < 6) return std::nullopt;
  std::string prefix = crs.substr(0, 5);
  for (char& c : prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (prefix != "EPSG:") return std::nullopt;
  int code = 0;
  const char* first = crs.data() + 5;
  const char* last = crs.data() + crs.size();
  const auto [end, ec] = std::from_chars(first, last, code);
  if (ec != std::errc{} || end != last) return std::nullopt;
  return code;
}

}  // namespace

std::optional<GridMapping> grid_mapping_for(const std::string& crs) {
  const auto code = epsg_code(crs);
  if (!code) return std::nullopt;
  const int c = *code;
  if (c >= 6669 && c <= 6687) return japan_plane(c, kJgd2011, c - 6669);
  if (c >= 2443 && c <= 2461) return japan_plane(c, kJgd2000, c - 2443);
  if (c >= 6688 && c <= 6692) return utm(c, kJgd2011, c - 6688 + 51, true);
  if (c >= 3097 && c <= 3101) return utm(c, kJgd2000, c - 3097 + 51, true);
  if (c >= 32601 && c <= 32660) return utm(c, kWgs84, c - 32600, true);
  if (c >= 32701 && c <= 32760) return utm(c, kWgs84, c - 32700, false);
  return std::nullopt;
}

}  // namespace aquifer::output
