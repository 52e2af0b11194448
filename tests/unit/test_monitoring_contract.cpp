// [[quality]] and [monitoring] as the scenario contract writes them, read from a whole scenario
// file (whose other tables the monitoring reader must leave alone).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "params/problems.hpp"
#include "sensors/monitoring_config.hpp"

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace

TEST_CASE("monitoring config from a scenario: contract [[quality]] data and limits",
          "[monitoring][contract]") {
  write_temp("aq_contract_quality.csv", "well_id,date,substance,value,unit\n");
  const auto path = write_temp("aq_contract_scenario.toml",
                               "[model]\nname = \"x\"\nstart = \"2020-01-01\"\n"
                               "[grid]\nnx = 2\nny = 2\ndx = 1\ndy = 1\n"
                               "[[quality]]\n"
                               "data   = \"aq_contract_quality.csv\"\n"
                               "limits = [ { substances = [\"PFOS\", \"PFOA\"], sum = \"50 ng/L\" },\n"
                               "           { substances = [\"PFHxS\"], sum = \"0.02 ug/L\" } ]\n");
  const auto config = aquifer::sensors::load_monitoring_config(path);
  REQUIRE(config.quality_files.size() == 1);
  CHECK(std::filesystem::path(config.quality_files[0]).filename() == "aq_contract_quality.csv");
  REQUIRE(config.quality_limits.size() == 2);
  CHECK(config.quality_limits[0].name == "PFOS+PFOA");
  CHECK(config.quality_limits[0].substances.size() == 2);
  CHECK(config.quality_limits[0].limit_ng_per_l == Approx(50.0));
  CHECK(config.quality_limits[1].limit_ng_per_l == Approx(20.0));  // 0.02 ug/L
}

TEST_CASE("monitoring config: a bad contract limit is an input error with its line",
          "[monitoring][contract]") {
  const auto path = write_temp("aq_contract_bad.toml",
                               "[[quality]]\n"
                               "data = \"q.csv\"\n"
                               "limits = [ { substances = [\"PFOS\"], sum = \"50 furlongs\" } ]\n");
  try {
    (void)aquifer::sensors::load_monitoring_config(path);
    FAIL("accepted an unknown concentration unit");
  } catch (const aquifer::params::InputError& e) {
    bool found = false;
    for (const auto& p : e.problems()) found = found || p.line == 3;
    CHECK(found);
  }
}
