// Invalid scenarios, part 1: TOML syntax, keys, types, units, ranges, times. Each case asserts
// the file, line, column and a fragment of the message. Line numbers refer to base_scenario()
// (16 lines, see test_params_support.hpp); appended tables start on line 17.
#include "test_params_support.hpp"

using namespace aquifer::params;
using namespace aquifer::params::test;

TEST_CASE("bad input: TOML syntax error gives one problem at toml++'s position",
          "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, replace_line(base_scenario(), 6, "nx = = 4"));
  REQUIRE(problems.size() == 1);
  require_problem(problems, dir.file("scenario.toml"), 6, 6, "TOML syntax error");
}

TEST_CASE("bad input: missing required key is reported at its table", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, replace_line(base_scenario(), 14, ""));
  require_problem(problems, dir.file("scenario.toml"), 11, 1,
                  "[[layers]] #1: missing required key \"k\" (a hydraulic conductivity");
}

TEST_CASE("bad input: wrong TOML type", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, replace_line(base_scenario(), 6, "nx = \"four\""));
  require_problem(problems, dir.file("scenario.toml"), 6, 6,
                  "[grid] nx: expected an integer, got a string");
}

TEST_CASE("bad input: misspelt key lists the allowed keys", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, replace_line(base_scenario(), 16, "sy = 0.1\nkk = 3"));
  require_problem(problems, dir.file("scenario.toml"), 17, 1,
                  "[[layers]] #1: unknown key \"kk\" (did you mean \"k\"?); allowed keys: name, "
                  "top, bottom, k, k_vertical, ss, sy, type, zones");
}

TEST_CASE("bad input: unknown top-level table", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, base_scenario() + "\n[solvr]\npetsc_options = \"\"\n");
  require_problem(problems, dir.file("scenario.toml"), 18, 2,
                  "top level: unknown key \"solvr\" (did you mean \"solver\"?)");
}

TEST_CASE("bad input: unknown unit", "[params][errors]") {
  TempDir dir;
  const auto problems =
      problems_with(dir, replace_line(base_scenario(), 14, "k = \"5 furlongs/d\""));
  require_problem(problems, dir.file("scenario.toml"), 14, 5,
                  "[[layers]] #1 k: in \"5 furlongs/d\": unknown unit \"furlongs\"; expected a "
                  "hydraulic conductivity like \"30 m/d\"");
}

TEST_CASE("bad input: unit of the wrong dimension", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, replace_line(base_scenario(), 8, "dx = \"100 m/d\""));
  require_problem(problems, dir.file("scenario.toml"), 8, 6,
                  "[grid] dx: in \"100 m/d\": unit \"m/d\" is of dimension length/time; "
                  "expected a length like \"60 m\" (length)");
}

TEST_CASE("bad input: negative hydraulic conductivity", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, replace_line(base_scenario(), 14, "k = -5"));
  require_problem(problems, dir.file("scenario.toml"), 14, 5,
                  "[[layers]] #1 k: expected a hydraulic conductivity > 0 m/d, got -5");
}

TEST_CASE("bad input: specific yield above 1", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, replace_line(base_scenario(), 16, "sy = 1.5"));
  require_problem(problems, dir.file("scenario.toml"), 16, 6,
                  "sy: expected a specific yield between 0 and 1, got 1.5");
}

TEST_CASE("bad input: bottom above top", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, replace_line(base_scenario(), 13, "bottom = 20"));
  require_problem(problems, dir.file("scenario.toml"), 13, 10,
                  "bottom: 20 m is not below the layer's top (10 m)");
}

TEST_CASE("bad input: top given on a lower layer", "[params][errors]") {
  TempDir dir;
  const auto problems =
      problems_with(dir, base_scenario() + "[[layers]]\ntop = 0\nbottom = -10\nk = 1\n");
  require_problem(problems, dir.file("scenario.toml"), 18, 7,
                  "[[layers]] #2 top: only layer 1 takes a top");
}

TEST_CASE("bad input: impossible start date", "[params][errors]") {
  TempDir dir;
  const auto problems =
      problems_with(dir, replace_line(base_scenario(), 3, "start = \"2023-02-30\""));
  require_problem(problems, dir.file("scenario.toml"), 3, 9,
                  "[model] start: \"2023-02-30\" is not a calendar date");
}

TEST_CASE("bad input: run ending before it starts", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, base_scenario() + "[time]\nend = \"2019-12-30\"\n");
  require_problem(problems, dir.file("scenario.toml"), 18, 7,
                  "[time] end: the run would end 1 d before [model] start");
}

TEST_CASE("bad input: transient run without specific storage", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, replace_line(base_scenario(), 15, "") + "[time]\nend = \"10 d\"\n");
  require_problem(problems, dir.file("scenario.toml"), 11, 1,
                  "missing required key \"ss\" (a specific storage like \"1e-5 1/m\" (1/length); "
                  "needed by a transient run)");
}

TEST_CASE("bad input: [layers] written as a single table", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(dir, replace_line(base_scenario(), 11, "[layers]"));
  require_problem(problems, dir.file("scenario.toml"), 11, 1,
                  "top level layers: expected an array of tables [[layers]], got a single table");
}

TEST_CASE("bad input: no layers at all", "[params][errors]") {
  TempDir dir;
  std::string text = base_scenario();
  for (int line = 11; line <= 16; ++line) text = replace_line(text, line, "");
  const auto problems = problems_with(dir, text);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].to_string() == dir.file("scenario.toml") +
                                       ": missing required [[layers]]: at least one layer is "
                                       "needed");
  const auto empty = problems_with(dir, "layers = []\n" + text);
  require_problem(empty, dir.file("scenario.toml"), 1, 10,
                  "top level layers: is empty; expected at least one [[layers]] table");
}

TEST_CASE("bad input: initial heads from observations without observation wells",
          "[params][errors]") {
  TempDir dir;
  const auto problems =
      problems_with(dir, base_scenario() + "[initial]\nhead = \"observations\"\n");
  require_problem(problems, dir.file("scenario.toml"), 18, 8,
                  "needs [[observation_wells]] with data files");
}

TEST_CASE("bad input: boundary index box outside the grid", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, base_scenario() + "[[boundary]]\nkind = \"constant_head\"\n"
                             "cells = { layer = 1, col = [1, 9], row = [1, 3] }\nhead = 5\n");
  require_problem(problems, dir.file("scenario.toml"), 19, 28,
                  "[[boundary]] #1: col range [1, 9] is outside the grid; expected columns from "
                  "1 to 4");
}

TEST_CASE("bad input: boundary with a reversed range", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, base_scenario() + "[[boundary]]\nkind = \"constant_head\"\n"
                             "cells = { col = [1, 1], row = [3, 1] }\nhead = 5\n");
  require_problem(problems, dir.file("scenario.toml"), 19, 31,
                  "[[boundary]] #1 cells row: reversed range [3, 1]; expected [first, last] with "
                  "first <= last");
}

TEST_CASE("bad input: boundary with both cells and polygon", "[params][errors]") {
  TempDir dir;
  dir.write("p.geojson", R"({"type": "Polygon", "coordinates": [[[0,0],[400,0],[400,300]]]})");
  const auto problems = problems_with(
      dir, base_scenario() + "[[boundary]]\nkind = \"constant_head\"\n"
                             "cells = { col = [1, 1], row = [1, 1] }\npolygon = \"p.geojson\"\n"
                             "head = 5\n");
  require_problem(problems, dir.file("scenario.toml"), 20, 11,
                  "[[boundary]] #1 polygon: give either cells = { ... } or polygon, not both");
}

TEST_CASE("bad input: general-head boundary without conductance or leakance",
          "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, base_scenario() + "[[boundary]]\nkind = \"general_head\"\n"
                             "cells = { col = [1, 1], row = [1, 3] }\nhead = 5\n");
  require_problem(problems, dir.file("scenario.toml"), 17, 1,
                  "[[boundary]] #1: missing required key \"conductance\" (or leakance");
}

TEST_CASE("bad input: conductance on a constant-head boundary, unknown kind",
          "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, base_scenario() + "[[boundary]]\nkind = \"constant_head\"\n"
                             "cells = { col = [1, 1], row = [1, 3] }\nhead = 5\n"
                             "conductance = 10\n"
                             "[[boundary]]\nkind = \"lake\"\n"
                             "cells = { col = [1, 1], row = [1, 3] }\nhead = 5\n");
  require_problem(problems, dir.file("scenario.toml"), 21, 15,
                  "conductance: is not used by a constant_head boundary");
  require_problem(problems, dir.file("scenario.toml"), 23, 8,
                  "\"lake\" is not a boundary kind; expected \"constant_head\", \"general_head\", "
                  "\"river\" or \"drain\"");
}

TEST_CASE("bad input: river bed bottom above the stage", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, base_scenario() + "[[boundary]]\nkind = \"river\"\n"
                             "cells = { col = [1, 1], row = [1, 3] }\nhead = 5\nbottom = \"6 m\"\n"
                             "leakance = \"0.1 1/d\"\n");
  require_problem(problems, dir.file("scenario.toml"), 21, 10,
                  "[[boundary]] #1 bottom: river bed bottom 6 m is not below the stage");
}

TEST_CASE("bad input: duplicate well ids and layer plus screen", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, base_scenario() + "[[wells]]\nid = \"A\"\nx = 50\ny = 50\nlayer = 1\nrate = -1\n"
                             "[[wells]]\nid = \"A\"\nx = 50\ny = 50\nlayer = 1\n"
                             "screen = [5, 0]\nrate = -1\n");
  require_problem(problems, dir.file("scenario.toml"), 24, 6,
                  "[[wells]] \"A\" id: duplicate id \"A\" (first used on line 18)");
  require_problem(problems, dir.file("scenario.toml"), 28, 10,
                  "[[wells]] \"A\" screen: give either layer or screen = [top, bottom], not both");
}

TEST_CASE("bad input: a well outside the grid", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, base_scenario() + "[[wells]]\nid = \"far\"\nx = \"1 km\"\ny = 50\nlayer = 1\n"
                             "rate = \"-5 m3/d\"\n");
  require_problem(problems, dir.file("scenario.toml"), 19, 5,
                  "[[wells]] \"far\": (x, y) = (1000, 50) lies outside the grid; expected x in "
                  "[0, 400) and y in [0, 300)");
}

TEST_CASE("bad input: a well screen that misses every layer", "[params][errors]") {
  TempDir dir;
  const auto problems = problems_with(
      dir, base_scenario() + "[[wells]]\nid = \"deep\"\nx = 50\ny = 50\n"
                             "screen = [-20, -30]\nrate = -5\n");
  require_problem(problems, dir.file("scenario.toml"), 21, 10,
                  "the screen [-20, -30] m overlaps no active layer at row 1, column 1");
}

TEST_CASE("bad input: several errors are all listed", "[params][errors]") {
  TempDir dir;
  std::string text = base_scenario();
  text = replace_line(text, 7, "ny = 0");
  text = replace_line(text, 14, "k = \"5 m\"");
  text = replace_line(text, 16, "sy = -0.1");
  text += "[time]\nend = \"2020-01-10\"\nstep = \"-1 d\"\n[output]\ncsv = \"yes\"\n";
  const auto problems = problems_with(dir, text);
  const std::string f = dir.file("scenario.toml");
  CHECK(problems.size() == 5);
  require_problem(problems, f, 7, 6, "[grid] ny: expected a number of cells between 1 and 100000");
  require_problem(problems, f, 14, 5, "[[layers]] #1 k:");
  require_problem(problems, f, 16, 6, "[[layers]] #1 sy: expected a specific yield");
  require_problem(problems, f, 19, 8, "[time] step: expected a positive duration, got -1 d");
  require_problem(problems, f, 21, 7, "[output] csv: expected true or false, got a string");
  // Sorted by line.
  for (std::size_t i = 1; i < problems.size(); ++i) CHECK(problems[i - 1].line <= problems[i].line);
}
