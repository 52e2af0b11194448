// Extensions for imported MODFLOW 6 decks (docs/scenario-extensions.md): [formulation],
// [[time.periods]], per-cell layer files (active, k_y, type, storage_type) and list = "..."
// forms of [[boundary]], [[wells]], [[recharge]]: what they build, and their input errors.
#include <catch2/catch.hpp>

#include "tests/unit/test_params_support.hpp"

namespace aquifer::params::test {

TEST_CASE("mf6 keys: formulation, periods, layer files and lists build the model", "[params][mf6]") {
  TempDir dir;
  dir.write("active.csv", "1 1 1 1\n1 1 1 0\n1 1 1 1\n");      // north first: row 2, col 4 off
  dir.write("type.csv", "0 0 0 0\n0 0 0 0\n1 0 0 0\n");        // south-west cell convertible
  dir.write("chd.csv", "layer,row,col,head\n1,1,1,5.5\n");
  dir.write("riv.csv", "layer,row,col,head,conductance,bottom,from_d,until_d\n"
                       "1,3,4,7,100,6,,2\n1,3,4,8,100,6,2,\n");
  dir.write("wel.csv", "id,layer,row,col,from_d,rate_m3_per_d\nW:1,1,2,2,0,-10\nW:1,1,2,2,1,-20\n");
  dir.write("rch.csv", "layer,row,col,rate_m_per_d,from_d,until_d\n1,3,1,0.001,0,1\n1,3,2,0.002,1,3\n");
  const auto path = dir.write(
      "scenario.toml",
      replace_line(base_scenario(), 16, "sy = 0.1\nactive = { file = \"active.csv\" }\nk_y = 2.5\n"
                                        "type = { file = \"type.csv\" }\nstorage_type = \"convertible\"") +
          "[formulation]\nkind = \"mf6\"\nvariable_cv = true\n"
          "[time]\n[[time.periods]]\nlength = 1\nsteady = true\n"
          "[[time.periods]]\nlength = 2\nsteps = 2\nmultiplier = 1.5\noutput = [1, 2]\n"
          "[[boundary]]\nkind = \"constant_head\"\nname = \"CHD-1\"\nlist = \"chd.csv\"\n"
          "[[boundary]]\nkind = \"river\"\nname = \"RIV-1\"\nlist = \"riv.csv\"\n"
          "[[wells]]\nid = \"WEL-1\"\nlist = \"wel.csv\"\nflow_reduction = 0\n"
          "[[recharge]]\nid = \"RCH-1\"\nlist = \"rch.csv\"\npass_down = false\n");
  const LoadedScenario s = load_scenario(path);
  const auto& m = s.model;
  const auto& g = m.grid;
  CHECK(m.formulation.mf6);
  CHECK(m.formulation.variable_cv);
  CHECK(m.formulation.wet_dry);  // standard formulation with a convertible cell
  REQUIRE(m.time.steps.size() == 3);
  CHECK(m.time.steps[0].steady);
  CHECK(m.time.steps[0].output);
  CHECK(m.time.steps[1].dt_d == Approx(0.8));  // 2 * (1 - 1.5) / (1 - 1.5^2)
  CHECK(m.time.steps[2].dt_d == Approx(1.2));
  CHECK(m.time.end_d == Approx(3.0));
  CHECK(m.properties.active[static_cast<std::size_t>(g.index(0, 1, 3))] == 0);
  CHECK(m.properties.active[static_cast<std::size_t>(g.index(0, 1, 2))] == 1);
  CHECK(m.properties.k22_m_per_d[0] == 2.5);
  CHECK(m.properties.cell_convertible[static_cast<std::size_t>(g.index(0, 0, 0))] == 1);
  CHECK(m.properties.cell_convertible[static_cast<std::size_t>(g.index(0, 0, 1))] == 0);
  CHECK(m.properties.storage_convertible[static_cast<std::size_t>(g.index(0, 0, 1))] == 1);
  REQUIRE(m.constant_heads.size() == 1);
  CHECK(m.constant_heads[0].cell == g.index(0, 0, 0));
  CHECK(m.constant_heads[0].head_m == 5.5);
  REQUIRE(m.head_dependent.size() == 2);
  CHECK(m.head_dependent[0].cell == g.index(0, 2, 3));
  CHECK(m.head_dependent[0].from_d < -1e299);
  CHECK(m.head_dependent[0].until_d == 2.0);
  CHECK(m.head_dependent[1].from_d == 2.0);
  CHECK(m.head_dependent[1].river_bottom_m == 6.0);
  REQUIRE(m.wells.size() == 1);
  CHECK(m.wells[0].id == "W:1");
  CHECK(m.wells[0].reduction_fraction == 0.0);
  CHECK(m.wells[0].rate_m3_per_d.at(0.5) == -10.0);
  CHECK(m.wells[0].rate_m3_per_d.at(1.5) == -20.0);
  REQUIRE(m.recharge.size() == 2);  // one per window
  CHECK(m.recharge[0].fixed_cell);
  CHECK_FALSE(m.recharge[0].pass_down);
  CHECK(m.recharge[0].columns[0].column == g.index(0, 2, 0));
  CHECK(m.recharge[0].rate_m_per_d.at(0.5) == 1.0);
  CHECK(m.recharge[0].rate_m_per_d.at(1.5) == 0.0);
  CHECK(m.recharge[1].rate_m_per_d.at(1.5) == 1.0);
  // One budget group per table, shared by the windows of a list.
  CHECK(m.boundary_groups == std::vector<std::string>{"CHD-1", "RIV-1", "WEL-1", "RCH-1"});
  CHECK(m.recharge[1].group == 3);
}

TEST_CASE("mf6 keys: [formulation] and [[time.periods]] errors", "[params][mf6]") {
  TempDir dir;
  const auto problems = problems_with(dir, base_scenario() +
                                               "[formulation]\n"              // 17
                                               "kind = \"mf7\"\n"             // 18
                                               "dewatered = true\n"           // 19
                                               "[time]\n"                     // 20
                                               "end = \"10 d\"\n"             // 21
                                               "[[time.periods]]\n"           // 22
                                               "length = -1\n"                // 23
                                               "[[time.periods]]\n"           // 24
                                               "length = 1\n"                 // 25
                                               "steps = 2\n"                  // 26
                                               "output = [3]\n"               // 27
                                               "[[time.periods]]\n"           // 28
                                               "length = 1\n"                 // 29
                                               "output = \"every\"\n");       // 30
  const std::string f = dir.file("scenario.toml");
  require_problem(problems, f, 18, 8, "is not a formulation");
  require_problem(problems, f, 19, 13, "only applies to kind = \"mf6\"");
  require_problem(problems, f, 21, 7, "cannot be combined with [[time.periods]]");
  require_problem(problems, f, 23, 10, "expected a positive duration");
  require_problem(problems, f, 27, 11, "list of step numbers from 1 to 2");
  require_problem(problems, f, 30, 10, "is not an output choice");
}

TEST_CASE("mf6 keys: [[time.periods]] with a steady initial head is an error", "[params][mf6]") {
  TempDir dir;
  const auto problems = problems_with(dir, base_scenario() +
                                               "[initial]\nhead = \"steady\"\n"   // 17-18
                                               "[time]\n[[time.periods]]\nlength = 1\n");  // 19-21
  bool found = false;
  for (const auto& p : problems) found = found || p.message.find("steady = true") != std::string::npos;
  CHECK(found);
}

TEST_CASE("mf6 keys: layer files with bad values are errors at the file's line", "[params][mf6]") {
  TempDir dir;
  dir.write("active.csv", "1 1 1 1\n1 2 1 1\n1 1 1 1\n");
  const auto problems = problems_with(dir, base_scenario() +
                                               "active = { file = \"active.csv\" }\n"  // 17
                                               "k_y = -1\n"                            // 18
                                               "type = \"semi\"\n"                     // 19
                                               "storage_type = 3\n");                  // 20
  const std::string f = dir.file("scenario.toml");
  require_problem(problems, dir.file("active.csv"), 2, 3, "expected 1 or 0");
  require_problem(problems, f, 18, 7, "expected a hydraulic conductivity > 0");
  require_problem(problems, f, 19, 8, "is not a layer type");
  require_problem(problems, f, 20, 16, "expected a string");
}

TEST_CASE("mf6 keys: list files are checked row by row", "[params][mf6]") {
  TempDir dir;
  dir.write("header.csv", "layer,row,column,head\n1,1,1,5\n");
  dir.write("ghb.csv", "layer,row,col,head,conductance,from_d,until_d\n1,4,1,5,10,,\n1,1,1,5,-1,,\n1,1,1,5,1,3,2\n");
  dir.write("riv.csv", "layer,row,col,head,conductance,bottom\n1,1,1,5,10,6\n");
  dir.write("wel.csv", "id,layer,row,col,from_d,rate_m3_per_d\nA,1,1,1,2,-1\nA,1,1,1,1,-1\nB,1,1,1,x,-1\n");
  dir.write("rch.csv", "layer,row,col,rate_m_per_d\n1,1,1\n");
  const auto problems = problems_with(dir, base_scenario() +
                                               "[[boundary]]\n"                            // 17
                                               "kind = \"constant_head\"\n"                // 18
                                               "list = \"header.csv\"\n"                   // 19
                                               "head = 3\n"                                // 20
                                               "[[boundary]]\n"                            // 21
                                               "kind = \"general_head\"\n"                 // 22
                                               "list = \"ghb.csv\"\n"                      // 23
                                               "[[boundary]]\n"                            // 24
                                               "kind = \"river\"\n"                        // 25
                                               "list = \"riv.csv\"\n"                      // 26
                                               "[[wells]]\n"                               // 27
                                               "id = \"WEL\"\n"                            // 28
                                               "list = \"wel.csv\"\n"                      // 29
                                               "flow_reduction = 2\n"                      // 30
                                               "[[recharge]]\n"                            // 31
                                               "id = \"R\"\n"                              // 32
                                               "list = \"rch.csv\"\n"                      // 33
                                               "[[recharge]]\n"                            // 34
                                               "id = \"S\"\n"                              // 35
                                               "rate = 0.001\n"                            // 36
                                               "pass_down = true\n"                        // 37
                                               "[[boundary]]\n"                            // 38
                                               "kind = \"constant_head\"\n"                // 39
                                               "list = \"header.csv\"\n");                 // 40
  const std::string f = dir.file("scenario.toml");
  require_problem(problems, f, 20, 8, "cannot be combined with list");
  require_problem(problems, dir.file("header.csv"), 1, 1, "expected the header layer,row,col,head");
  require_problem(problems, dir.file("ghb.csv"), 2, 3, "row 4 is outside the grid");
  require_problem(problems, dir.file("ghb.csv"), 3, 9, "expected a value >= 0");
  require_problem(problems, dir.file("ghb.csv"), 4, 13, "is not after from_d");
  require_problem(problems, dir.file("riv.csv"), 2, 12, "is not below the stage");
  require_problem(problems, f, 30, 18, "expected a fraction of the cell thickness");
  require_problem(problems, dir.file("rch.csv"), 2, 1, "the row has 3 values; expected 4");
  require_problem(problems, f, 37, 13, "only applies with list");
}

TEST_CASE("mf6 keys: well list rows out of time order", "[params][mf6]") {
  TempDir dir;
  dir.write("wel.csv", "id,layer,row,col,from_d,rate_m3_per_d\nA,1,1,1,2,-1\nA,1,1,1,1,-1\nA,1,1,2,3,-1\nB,1,1,1,x,-1\n");
  const auto problems = problems_with(dir, base_scenario() + "[[wells]]\nid = \"WEL\"\nlist = \"wel.csv\"\n");
  const std::string w = dir.file("wel.csv");
  require_problem(problems, w, 3, 9, "expected each well's rows in strictly increasing time");
  require_problem(problems, w, 4, 3, "expected one cell per id");
  require_problem(problems, w, 5, 9, "from_d \"x\" is not a number");
}


// REWET, cell averaging, SS_CONFINED_ONLY, THICKSTRT (type -1), per-column/row widths and
// constant heads with windows (the MF6 features `aquifer import-mf6` writes since issue 9).
TEST_CASE("mf6 keys: rewet, wetdry, averaging, thickstrt, widths and constant-head windows build", "[params][mf6]") {
  TempDir dir;
  dir.write("dx.csv", "10,20,30,40\n");
  dir.write("dy.csv", "5\n6\n7\n");  // north first: row 3 is 5 m wide
  dir.write("type.csv", "-1 -1 1 1\n0 0 0 0\n0 0 0 0\n");
  dir.write("wetdry.csv", "0.5 0.5 0.5 0.5\n-1 -1 -1 -1\n0 0 0 0\n");
  dir.write("chd.csv", "layer,row,col,head,from_d,until_d\n1,1,1,5.5,,2\n1,1,1,6,2,\n1,1,2,4,1,3\n");
  std::string text = replace_line(base_scenario(), 16, "sy = 0.1\ntype = { file = \"type.csv\" }\nwetdry = { file = \"wetdry.csv\" }");
  text = replace_line(text, 8, "dx = { file = \"dx.csv\" }");
  text = replace_line(text, 9, "dy = { file = \"dy.csv\" }");
  const auto path = dir.write(
      "scenario.toml", text + "[initial]\nhead = 4\n"
                              "[formulation]\nkind = \"mf6\"\nss_confined_only = true\ncell_averaging = \"amt-hmk\"\n"
                              "rewet = { wetfct = 0.5, iwetit = 2, ihdwet = 1 }\n"
                              "[[boundary]]\nkind = \"constant_head\"\nname = \"CHD-1\"\nlist = \"chd.csv\"\n");
  const LoadedScenario s = load_scenario(path);
  const auto& m = s.model;
  const auto& g = m.grid;
  CHECK(m.formulation.ss_confined_only);
  CHECK(m.formulation.cell_averaging == 3);
  CHECK(m.formulation.rewet);
  CHECK(m.formulation.wetfct == 0.5);
  CHECK(m.formulation.iwetit == 2);
  CHECK(m.formulation.ihdwet == 1);
  CHECK(g.col_width_m == std::vector<double>{10, 20, 30, 40});
  CHECK(g.row_width_m == std::vector<double>{7, 6, 5});  // south to north
  CHECK(g.dx_m == 10.0);
  CHECK(g.dy_m == 5.0);  // the northern row (MF6 DELC(1))
  REQUIRE(m.properties.wetdry_m.size() == 12);
  CHECK(m.properties.wetdry_m[static_cast<std::size_t>(g.index(0, 2, 0))] == 0.5);
  CHECK(m.properties.wetdry_m[static_cast<std::size_t>(g.index(0, 1, 3))] == -1.0);
  // type -1: confined, saturated fraction (4 - 0) / (10 - 0) of the initial head.
  REQUIRE(m.properties.confined_saturation.size() == 12);
  CHECK(m.properties.confined_saturation[static_cast<std::size_t>(g.index(0, 2, 0))] == 0.4);
  CHECK(m.properties.confined_saturation[static_cast<std::size_t>(g.index(0, 2, 2))] == 1.0);
  CHECK(m.properties.cell_convertible[static_cast<std::size_t>(g.index(0, 2, 0))] == 0);
  CHECK(m.properties.cell_convertible[static_cast<std::size_t>(g.index(0, 2, 2))] == 1);
  REQUIRE(m.constant_heads.size() == 3);
  CHECK(m.constant_heads[0].from_d < -1e299);
  CHECK(m.constant_heads[0].until_d == 2.0);
  CHECK(m.constant_heads[1].head_m == 6.0);
  CHECK(m.constant_heads[1].from_d == 2.0);
  CHECK(m.constant_heads[1].until_d > 1e299);
  CHECK(m.constant_heads[2].cell == g.index(0, 0, 1));
}

TEST_CASE("mf6 keys: rewet, averaging, thickstrt, widths and windows errors", "[params][mf6]") {
  TempDir dir;
  dir.write("dx.csv", "10,-20,30,40\n");
  dir.write("type.csv", "-1 -1 1 1\n0 0 2 0\n0 0 0 0\n");
  dir.write("chd.csv", "layer,row,col,head,from_d,until_d\n1,1,1,5.5,,2\n1,1,1,6,1,\n");
  std::string text = replace_line(base_scenario(), 16, "sy = 0.1\ntype = { file = \"type.csv\" }\nwetdry = 0.5");
  text = replace_line(text, 8, "dx = { file = \"dx.csv\" }");
  const auto problems = problems_with(dir, text +                                     // 16-18 layer
                                               "[formulation]\n"                      // 19
                                               "kind = \"mf6\"\n"                     // 20
                                               "newton = true\n"                      // 21
                                               "cell_averaging = \"geometric\"\n"     // 22
                                               "rewet = { wetfct = 0, iwetit = 0 }\n" // 23
                                               "[[boundary]]\n"                       // 24
                                               "kind = \"constant_head\"\n"           // 25
                                               "list = \"chd.csv\"\n");               // 26
  const std::string f = dir.file("scenario.toml");
  require_problem(problems, dir.file("dx.csv"), 1, 4, "expected a positive length");
  require_problem(problems, dir.file("type.csv"), 2, 5, "expected 1 (convertible), 0 (confined) or -1");
  require_problem(problems, f, 22, 18, "is not a cell averaging");
  require_problem(problems, f, 23, 9, "does not apply with newton = true");
  require_problem(problems, f, 23, 20, "expected a factor > 0");
  require_problem(problems, f, 23, 32, "expected an iteration interval");
  require_problem(problems, dir.file("chd.csv"), 3, 1, "overlapping from_d,until_d window");

  // Without [formulation] kind = "mf6": wetdry needs rewet, -1 needs mf6, the keys need mf6.
  TempDir other;
  other.write("type.csv", "-1 0 0 0\n0 0 0 0\n0 0 0 0\n");
  const auto aquifer = problems_with(other, replace_line(base_scenario(), 16, "sy = 0.1\ntype = { file = \"type.csv\" }\nwetdry = 0.5") +
                                                "[formulation]\nkind = \"aquifer\"\nss_confined_only = true\n"  // 19-21
                                                "rewet = {}\n");                                                 // 22
  const std::string g = other.file("scenario.toml");
  require_problem(aquifer, other.file("type.csv"), 1, 1, "needs [formulation] kind = \"mf6\"");
  require_problem(aquifer, g, 18, 10, "only applies with [formulation] rewet");
  require_problem(aquifer, g, 21, 20, "only applies to kind = \"mf6\"");
  require_problem(aquifer, g, 22, 9, "only applies to kind = \"mf6\"");
}

}  // namespace aquifer::params::test
