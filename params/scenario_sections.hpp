// Readers of the scenario's top-level tables, split over two files. Internal to params/.
#pragma once

#include "params/scenario_spec.hpp"
#include "params/toml_reader.hpp"

namespace aquifer::params {

// scenario_reader_stresses.cpp
void read_boundaries(const TableReader& root, ScenarioSpec& spec);
void read_wells(const TableReader& root, ScenarioSpec& spec);
void read_recharge(const TableReader& root, ScenarioSpec& spec);

// The sub-table `key` of `parent`: nullptr when absent (reported when required) or not a table.
[[nodiscard]] const toml::table* sub_table(const TableReader& parent, std::string_view key,
                                           Need need);

}  // namespace aquifer::params
