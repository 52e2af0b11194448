// calib.toml: target resolution (layer, zone with a later overriding zone, K_v following K),
// multipliers on the model, the calibrated scenario text (loading it gives the multiplied
// model), and input errors with their positions.
#include <algorithm>

#include "params/calibration_spec.hpp"
#include "test_params_support.hpp"

using namespace aquifer;
using namespace aquifer::params;
using namespace aquifer::params::test;

namespace {

std::string rect(double x0, double x1) {
  auto pt = [](double x, double y) {
    return "[" + std::to_string(x) + ", " + std::to_string(y) + "]";
  };
  return R"({"type": "Polygon", "coordinates": [[)" + pt(x0, -1) + ", " + pt(x1, -1) + ", " +
         pt(x1, 301) + ", " + pt(x0, 301) + ", " + pt(x0, -1) + "]]}";
}

// 4 x 3 cells of 100 m. Layer 1: k 5 (K_v default), zone "west" (columns 1-2) k 10, zone "mid"
// (columns 2-3, later: wins in column 2) k 20 with k_vertical 1, sy 0.2. Layer 2: k 7,
// k_vertical 0.7. Recharge "r" 2 mm/d; flooding "F" 6 cm/d.
const char* kScenario = R"([model]
name = "calib-unit"
start = "2021-01-01"
[grid]
nx = 4
ny = 3
dx = 100
dy = 100
[[layers]]
top = 10
bottom = 0
k = "5 m/d"
ss = 1e-5
sy = 0.2
  [[layers.zones]]
  name = "west"
  polygon = "west.geojson"
  k = 10.0
  [[layers.zones]]
  name = "mid"
  polygon = "mid.geojson"
  k = "20 m/d"
  k_vertical = 1.0
[[layers]]
bottom = -10
k = 7
k_vertical = 0.7
ss = 1e-5
[initial]
head = 5.0
[time]
end = "10 d"
step = "1 d"
[[recharge]]
id = "r"
rate = "2 mm/d"
[[flooding]]
id = "F"
polygon = "west.geojson"
infiltration = "6 cm/d"
season = { start = "01-01", end = "12-31" }
)";

struct Fixture final {
  TempDir dir;
  LoadedScenario loaded;
  Fixture() {
    dir.write("west.geojson", rect(0, 200));
    dir.write("mid.geojson", rect(100, 300));
    loaded = load_scenario(dir.write("s.toml", kScenario));
  }
  CalibrationSpec read(const std::string& text) { return read_calibration(dir.write("c.toml", text), loaded); }
};

std::vector<std::int64_t> sorted(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::int64_t> layer1_columns(std::initializer_list<int> cols) {
  std::vector<std::int64_t> out;
  for (int r = 0; r < 3; ++r)
    for (int c : cols) out.push_back(r * 4 + c);
  return sorted(out);
}

const std::string kZoneAndLayer = R"([[parameters]]
name = "west"
kind = "k"
target = "west"
[[parameters]]
name = "upper"
kind = "k"
target = 1
[[parameters]]
name = "rain"
kind = "recharge"
target = "r"
initial = 2.0
lower = 0.5
upper = 4
log = false
[options]
sigma = "5 mm"
method = "pounders"
)";

}  // namespace

TEST_CASE("calibration: zone and layer targets resolve to their cells", "[calibration]") {
  Fixture f;
  const auto spec = f.read(kZoneAndLayer);
  REQUIRE(spec.parameters.size() == 3);
  CHECK(spec.sigma_m == Approx(0.005));
  CHECK(spec.method == "pounders");
  const auto& west = spec.parameters[0];
  CHECK(sorted(west.cells) == layer1_columns({0}));     // column 2 belongs to "mid"
  CHECK(sorted(west.kv_cells) == layer1_columns({0}));  // "mid" sets its own K_v
  CHECK(west.sites.size() == 1);
  const auto& upper = spec.parameters[1];
  CHECK(upper.cells.size() == 12);
  CHECK(sorted(upper.kv_cells) == layer1_columns({0, 3}));
  CHECK(upper.sites.size() == 3);  // the layer's k and both zones' k
  CHECK(spec.parameters[2].stress == 0);
  CHECK_FALSE(spec.parameters[2].log);
}

TEST_CASE("calibration: the calibrated scenario loads as the multiplied model", "[calibration]") {
  Fixture f;
  const auto spec = f.read(kZoneAndLayer);
  const std::vector<double> m{0.5, 3.0, 1.5};
  solver::Model scaled = f.loaded.model;
  apply_multipliers(spec, m, scaled);
  const auto& k = scaled.properties.k_m_per_d;
  CHECK(k[0] == Approx(10.0 * 0.5 * 3.0));  // west zone, layer 1
  CHECK(k[1] == Approx(20.0 * 3.0));        // mid zone
  CHECK(k[3] == Approx(5.0 * 3.0));         // layer value
  CHECK(k[12] == Approx(7.0));              // layer 2 untouched
  CHECK(scaled.properties.kv_m_per_d[0] == Approx(1.5 / 10.0 * 10.0));
  CHECK(scaled.properties.kv_m_per_d[1] == Approx(1.0));  // set by "mid", not scaled
  CHECK(scaled.recharge[0].rate_m_per_d.at(1.0) == Approx(0.003));

  const auto text = calibrated_scenario_text(f.loaded, spec, m);
  const auto again = load_scenario(f.dir.write("calibrated.toml", text));
  const auto& p = again.model.properties;
  for (std::size_t c = 0; c < k.size(); ++c) {
    CHECK(p.k_m_per_d[c] == Approx(k[c]));
    CHECK(p.kv_m_per_d[c] == Approx(scaled.properties.kv_m_per_d[c]));
  }
  CHECK(again.model.recharge[0].rate_m_per_d.at(1.0) == Approx(0.003));
  CHECK(text.find("#   west (k, zone \"west\") = 0.5") != std::string::npos);
}

TEST_CASE("calibration: bad targets, bounds and keys are input errors", "[calibration]") {
  Fixture f;
  try {
    (void)f.read(R"([[parameters]]
name = "a"
kind = "k"
target = "clay"
[[parameters]]
name = "b"
kind = "ss"
target = 3
[[parameters]]
name = "c"
kind = "k"
target = 2
initial = 0.05
[[parameters]]
name = "d"
kind = "recharge"
target = "snow"
[[parameters]]
name = "e"
kind = "sy"
target = 2
)");
    FAIL("expected InputError");
  } catch (const InputError& e) {
    const auto& p = e.problems();
    REQUIRE(p.size() == 5);
    CHECK(p[0].line == 4);
    CHECK(p[0].message.find("names no layer zone \"clay\"; the scenario's named zones are "
                            "\"west\", \"mid\"") != std::string::npos);
    CHECK(p[1].message.find("names no layer: the scenario has 2 layer(s)") != std::string::npos);
    CHECK(p[2].line == 13);
    CHECK(p[2].message.find("exclude the start value initial = 0.05") != std::string::npos);
    CHECK(p[3].message.find("names no [[recharge]] with id \"snow\"; the scenario has \"r\"") !=
          std::string::npos);
    CHECK(p[4].message.find("layer 2 has no sy") != std::string::npos);
  }
}

TEST_CASE("calibration: ss and sy of a steady-only scenario are input errors", "[calibration]") {
  TempDir dir;
  std::string text = kScenario;
  text.replace(text.find("[time]\nend = \"10 d\"\nstep = \"1 d\"\n"), std::string("[time]\nend = \"10 d\"\nstep = \"1 d\"\n").size(), "");
  dir.write("west.geojson", rect(0, 200));
  dir.write("mid.geojson", rect(100, 300));
  const LoadedScenario loaded = load_scenario(dir.write("s.toml", text));
  REQUIRE(loaded.model.time.storage_free());
  try {
    (void)read_calibration(dir.write("c.toml", R"([[parameters]]
name = "storage"
kind = "ss"
target = 1
[[parameters]]
name = "yield"
kind = "sy"
target = 1
[[parameters]]
name = "upper"
kind = "k"
target = 1
)"), loaded);
    FAIL("expected InputError");
  } catch (const InputError& e) {
    const auto& p = e.problems();
    REQUIRE(p.size() == 2);
    CHECK(p[0].line == 3);
    CHECK(p[0].message.find("\"ss\" has no effect in a steady-only scenario") != std::string::npos);
    CHECK(p[1].line == 7);
    CHECK(p[1].message.find("\"sy\" has no effect in a steady-only scenario") != std::string::npos);
  }
}

TEST_CASE("calibration: sy and flooding infiltration multipliers", "[calibration]") {
  Fixture f;
  const auto spec = f.read(R"([[parameters]]
name = "sy1"
kind = "sy"
target = 1
[[parameters]]
name = "flood"
kind = "flooding_infiltration"
target = "F"
)");
  const std::vector<double> m{1.5, 0.25};
  solver::Model scaled = f.loaded.model;
  apply_multipliers(spec, m, scaled);
  CHECK(scaled.properties.sy[5] == Approx(0.3));
  CHECK(scaled.properties.sy[17] == Approx(f.loaded.model.properties.sy[17]));  // layer 2
  CHECK(scaled.flooding[0].infiltration_m_per_d == Approx(0.015));
  const auto again = load_scenario(f.dir.write("cal.toml", calibrated_scenario_text(f.loaded, spec, m)));
  for (std::size_t c = 0; c < scaled.properties.sy.size(); ++c)
    CHECK(again.model.properties.sy[c] == Approx(scaled.properties.sy[c]));
  CHECK(again.model.flooding[0].infiltration_m_per_d == Approx(0.015));
}
