// Extension: [[boundary]] head = { file = ... } gives every column its own head (a drain at
// the land surface, a river whose stage follows the valley).
#include <catch2/catch.hpp>

#include "tests/unit/test_params_support.hpp"

namespace aquifer::params::test {

TEST_CASE("boundary head from a raster file: per-cell drain elevations", "[params][boundary]") {
  TempDir dir;
  // 3 rows x 4 columns; the first line is the NORTHERN row.
  dir.write("surface.csv", "9,9.5,9.8,9.9\n8,8.5,8.8,8.9\n7,7.5,7.8,7.9\n");
  const auto path = dir.write("scenario.toml", base_scenario() +
                                                   "[[boundary]]\n"
                                                   "kind = \"drain\"\n"
                                                   "cells = { layer = 1, col = [1, 4], row = [1, 3] }\n"
                                                   "head = { file = \"surface.csv\" }\n"
                                                   "leakance = \"0.1 1/d\"\n");
  const LoadedScenario s = load_scenario(path);
  const auto& g = s.model.grid;
  REQUIRE(s.model.head_dependent.size() == 12);
  for (const auto& h : s.model.head_dependent) {
    if (h.cell == g.index(0, 0, 0)) CHECK(h.reference_head_m == Approx(7.0));  // south-west
    if (h.cell == g.index(0, 2, 3)) CHECK(h.reference_head_m == Approx(9.9));  // north-east
    if (h.cell == g.index(0, 1, 1)) CHECK(h.reference_head_m == Approx(8.5));
    CHECK(h.conductance_m2_per_d == Approx(0.1 * 100 * 100));
  }
}

TEST_CASE("boundary head file: wrong shape and river bed above a stage are input errors",
          "[params][boundary]") {
  TempDir dir;
  dir.write("short.csv", "9,9,9,9\n8,8,8,8\n");
  dir.write("stage.csv", "9,9,9,9\n8,8,8,8\n1,7,7,7\n");
  const auto problems = problems_with(dir, base_scenario() +
                                      "[[boundary]]\n"                                    // 17
                                      "kind = \"drain\"\n"                                // 18
                                      "cells = { layer = 1, col = [1, 4], row = [1, 3] }\n"
                                      "head = { file = \"short.csv\" }\n"                 // 20
                                      "conductance = 10\n"
                                      "[[boundary]]\n"                                    // 22
                                      "kind = \"river\"\n"
                                      "cells = { layer = 1, col = [1, 4], row = [1, 1] }\n"
                                      "head = { file = \"stage.csv\" }\n"
                                      "bottom = 5.0\n"
                                      "conductance = 10\n");
  INFO(listing(problems));
  bool short_file = false, bed = false;
  for (const auto& p : problems) {
    short_file = short_file || (p.file.find("short.csv") != std::string::npos);
    bed = bed || (p.line == 22 && p.message.find("not below the stage in 1 cells") !=
                                      std::string::npos);
  }
  CHECK(short_file);
  CHECK(bed);
}

}  // namespace aquifer::params::test
