// CF grid-mapping attributes and OGC WKT for the projected coordinate systems a scenario may
// name in [model] crs. Supported (all transverse Mercator):
//   EPSG:6669..6687  JGD2011 / Japan Plane Rectangular CS I..XIX   (GRS 1980, k0 = 0.9999)
//   EPSG:2443..2461  JGD2000 / Japan Plane Rectangular CS I..XIX   (GRS 1980, k0 = 0.9999)
//   EPSG:6688..6692  JGD2011 / UTM zones 51N..55N                   (GRS 1980, k0 = 0.9996)
//   EPSG:3097..3101  JGD2000 / UTM zones 51N..55N
//   EPSG:32601..32660 / 32701..32760  WGS 84 / UTM zones 1..60 north / south
// Zone origins of the plane rectangular systems: MLIT notice No. 9 (2002), as in the EPSG
// dataset. The WKT keeps EPSG's axis order (plane rectangular: X = northing first).
#pragma once

#include <optional>
#include <string>

namespace aquifer::output {

struct GridMapping final {
  int epsg = 0;
  std::string projected_crs_name;   // "JGD2011 / Japan Plane Rectangular CS II"
  std::string geographic_crs_name;  // "JGD2011"
  std::string horizontal_datum_name;
  std::string reference_ellipsoid_name;
  double semi_major_axis_m = 6378137.0;
  double inverse_flattening = 298.257222101;
  double latitude_of_projection_origin_deg = 0.0;
  double longitude_of_central_meridian_deg = 0.0;
  double scale_factor_at_central_meridian = 1.0;
  double false_easting_m = 0.0;
  double false_northing_m = 0.0;
  std::string crs_wkt;  // OGC WKT 1 with EPSG authority codes
};

// "EPSG:6670" (case-insensitive prefix) -> its grid mapping; nullopt for an empty text or a
// code not in the list above.
[[nodiscard]] std::optional<GridMapping> grid_mapping_for(const std::string& crs);

}  // namespace aquifer::output
