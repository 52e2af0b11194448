// Trend tests against hand-computed values; water-quality limits with unit conversion and
// sums; configuration reading (issue 6).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "params/load_scenario.hpp"
#include "sensors/detectors_quality.hpp"
#include "sensors/detectors_trend.hpp"
#include "sensors/monitoring_config.hpp"

using namespace aquifer::sensors;

TEST_CASE("Mann-Kendall S, tie-corrected variance and Sen slope by hand", "[monitoring]") {
  // x = 1 2 3 2 5 at t = 0..4. S = 4 + 2 + 0 + 1 = 7; one tie group of 2 (value 2):
  // Var(S) = (5*4*15 - 2*1*9) / 18 = 282/18; Z = (7 - 1)/sqrt(Var); pair slopes sorted
  // -1 0 1/3 1 1 1 1 1 1 3 -> Sen = 1.
  const auto k = mann_kendall({0, 1, 2, 3, 4}, {1, 2, 3, 2, 5});
  CHECK(k.s == 7.0);
  CHECK(k.var_s == Approx(282.0 / 18.0));
  CHECK(k.z == Approx(6.0 / std::sqrt(282.0 / 18.0)));
  CHECK(k.p_value == Approx(std::erfc(k.z / std::sqrt(2.0))));
  CHECK(k.sen_slope == Approx(1.0));
  const auto flat = mann_kendall({0, 1, 2}, {4, 4, 4});
  CHECK(flat.s == 0.0);
  CHECK(flat.p_value == 1.0);
  CHECK(mann_kendall({0}, {1}).p_value == 1.0);
}

TEST_CASE("seasonal Kendall recovers a linear trend under a strong season", "[monitoring]") {
  ActiveReadings r;
  for (int d = 0; d < 365 * 12; d += 7) {
    const double t = 10957.0 + d;
    r.t_d.push_back(t);
    r.head_m.push_back(5.0 + 0.02 * d / 365.25 + 0.8 * std::sin(2 * M_PI * d / 365.25));
    r.index.push_back(r.index.size());
  }
  const auto k = seasonal_kendall(r);
  CHECK(k.sen_slope == Approx(0.02).epsilon(0.05));
  CHECK(k.p_value < 1e-6);
  // 12 months x 12 years, no ties: Var = sum over months of 12*11*29/18
  CHECK(k.var_s == Approx(12 * 12.0 * 11 * 29 / 18).epsilon(0.02));
  DetectorParams p;
  const auto events = detect_trend(r, p, "W");
  REQUIRE(events.size() == 1);
  CHECK(events[0].severity == Severity::info);
  CHECK(events[0].detail.find("Rising") != std::string::npos);
}

TEST_CASE("concentration units convert to ng/L", "[monitoring]") {
  CHECK(*ng_per_l_factor("ng/L") == 1.0);
  CHECK(*ng_per_l_factor("ug/l") == 1e3);
  CHECK(*ng_per_l_factor("\xC2\xB5g/L") == 1e3);
  CHECK(*ng_per_l_factor("mg/L") == 1e6);
  CHECK_FALSE(ng_per_l_factor("ppm"));
  CHECK(*parse_concentration("50 ng/L") == 50.0);
  CHECK(*parse_concentration("0.05ug/L") == Approx(50.0));
  std::string why;
  CHECK_FALSE(parse_concentration("fifty", &why));
  CHECK(why.find("ng/L") != std::string::npos);
}

TEST_CASE("sum limit PFOS+PFOA over mixed units, and a rising substance without limit",
          "[monitoring]") {
  const auto dir = std::filesystem::temp_directory_path() / "aq_quality_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "q.csv").string();
  {
    std::ofstream f(path);
    f << "well_id,date,substance,value,unit\n"
         "P1,2020-01-10,PFOS,0.030,ug/L\n"   // 30 ng/L
         "P1,2020-01-10,PFOA,25,ng/L\n"      // sum 55 > 50
         "P1,2020-06-10,PFOS,20,ng/L\n"
         "P1,2020-06-10,PFOA,<5,ng/L\n"      // below detection: 0 in the sum -> 20
         "P1,2019-01-01,Cl,10,mg/L\n"
         "P1,2020-01-01,Cl,12,mg/L\n"
         "P1,2021-01-01,Cl,15,mg/L\n"
         "P1,2022-01-01,Cl,17,mg/L\n"
         "P1,2023-01-01,Cl,21,mg/L\n"
         "P1,2024-01-01,Cl,24,mg/L\n";
  }
  const auto samples = read_quality_csv(path);
  REQUIRE(samples.size() == 10);
  CHECK(samples[0].value_ng_per_l == Approx(30.0));
  CHECK(samples[3].below_detection);
  const auto events = detect_quality(samples, {{"PFOS+PFOA", {"PFOS", "PFOA"}, 50.0}}, {});
  std::size_t limits = 0, trends = 0;
  for (const auto& e : events) {
    if (e.kind == AnomalyKind::quality_limit) {
      ++limits;
      CHECK(e.value == Approx(55.0));
      CHECK(e.expected == 50.0);
    }
    if (e.kind == AnomalyKind::quality_trend) {
      ++trends;
      CHECK(e.detail.find("Cl") == 0);
    }
  }
  CHECK(limits == 1);
  CHECK(trends == 1);
}

TEST_CASE("bad quality rows are listed with file:line:col", "[monitoring]") {
  const auto path = (std::filesystem::temp_directory_path() / "aq_quality_bad.csv").string();
  {
    std::ofstream f(path);
    f << "well_id,date,substance,value,unit\nP1,2020-13-01,PFOS,1,ng/L\nP1,2020-01-01,PFOS,x,ppm\n";
  }
  try {
    (void)read_quality_csv(path);
    FAIL("no error");
  } catch (const aquifer::params::InputError& e) {
    CHECK(e.problems().size() == 3);
    CHECK(e.problems()[0].line == 2);
    CHECK(e.problems()[1].line == 3);
  }
}

TEST_CASE("monitoring.toml: defaults, per-well overrides, metadata, limits, errors", "[monitoring]") {
  const auto dir = std::filesystem::temp_directory_path() / "aq_monitoring_cfg";
  std::filesystem::create_directories(dir);
  const auto good = (dir / "good.toml").string();
  {
    std::ofstream f(good);
    f << "[monitoring]\nspike_k = 12\n"
         "[[monitoring.well]]\nid = \"B1\"\ntube_top = \"12.5 m\"\nwarning_level = 8.0\n"
         "warning_when = \"below\"\nspike_k = 20\n"
         "[[monitoring.quality_limit]]\nname = \"PFOS+PFOA\"\nlimit = \"0.05 ug/L\"\n";
  }
  const auto c = load_monitoring_config(good);
  CHECK(c.defaults.spike_k == 12.0);
  CHECK(c.params_for("B1").spike_k == 20.0);
  CHECK(c.params_for("other").spike_k == 12.0);
  CHECK(*c.info_for("B1").tube_top_m == 12.5);
  REQUIRE(c.quality_limits.size() == 1);
  CHECK(c.quality_limits[0].substances.size() == 2);
  CHECK(c.quality_limits[0].limit_ng_per_l == Approx(50.0));
  const auto bad = (dir / "bad.toml").string();
  {
    std::ofstream f(bad);
    f << "[monitoring]\nspike_k = -1\nspikes_k = 3\n[[monitoring.well]]\ntube_top = 3\n";
  }
  try {
    (void)load_monitoring_config(bad);
    FAIL("no error");
  } catch (const aquifer::params::InputError& e) {
    CHECK(e.problems().size() == 3);  // negative, unknown key, missing id
    CHECK(e.problems()[0].line == 2);
  }
}
