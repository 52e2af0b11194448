// Readers of the scenario's top-level tables, split over two files. Internal to params/.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "params/scenario_spec.hpp"
#include "params/toml_reader.hpp"

namespace aquifer::params {

// scenario_reader_stresses.cpp
void read_boundaries(const TableReader& root, ScenarioSpec& spec);
void read_wells(const TableReader& root, ScenarioSpec& spec);
void read_recharge(const TableReader& root, ScenarioSpec& spec);
// layer = N or screen = [top, bottom] of a well-like table. Returns false when unusable.
bool read_well_placement(const TableReader& w, WellSpec& out);

// scenario_reader_observations.cpp: [[observation_wells]]; [initial] window, relax_to_steady
void read_observation_wells(const TableReader& root, ScenarioSpec& spec);
void read_initial_observation_keys(const TableReader& initial, ScenarioSpec& spec);

// scenario_reader_flooding.cpp
void read_flooding(const TableReader& root, ScenarioSpec& spec);
void read_compliance(const TableReader& root, ScenarioSpec& spec);

// scenario_reader_formulation.cpp: [formulation], [[time.periods]] (extensions)
void read_formulation(const TableReader& root, ScenarioSpec& spec);
void read_time_periods(const TableReader& time, ScenarioSpec& spec);
// MF6 TDIS: the step lengths of a period of `length` [d] in `steps` steps growing by
// `multiplier`: dt1 = length (m - 1) / (m^steps - 1), then x m (length / steps when m = 1).
[[nodiscard]] std::vector<double> period_step_lengths(double length_d, int steps, double multiplier);

// Reports each of `others` that is present: they cannot be combined with `key`.
bool only_key_of(const TableReader& t, std::string_view key, std::initializer_list<std::string_view> others);
bool read_flow_reduction(const TableReader& w, WellSpec& out);

// "[[wells]] \"W1\"" when the table has a string `id_key`, else "[[wells]] #3".
[[nodiscard]] std::string array_label(std::string_view table, const toml::table& t,
                                      std::size_t index, std::string_view id_key);
// A required, non-empty id that no earlier table of the same kind used (id -> line).
[[nodiscard]] std::optional<std::string> unique_id(const TableReader& t,
                                                   std::map<std::string, int>& seen_lines);

// The sub-table `key` of `parent`: nullptr when absent (reported when required) or not a table.
[[nodiscard]] const toml::table* sub_table(const TableReader& parent, std::string_view key,
                                           Need need);

}  // namespace aquifer::params
