// Package readers used by read_simulation (internal to the mf6 module).
#pragma once

#include <string>

#include "mf6/array_reader.hpp"
#include "mf6/block_file.hpp"
#include "mf6/deck.hpp"

namespace aquifer::mf6 {

// Reads one option line: returns false when its keyword is not in `known`; MF6 options that
// only affect printing or saving are accepted by every reader.
bool is_output_only_option(const std::string& keyword);
[[noreturn]] void refuse(const InputPosition& where, const std::string& what);
double number_at(const Line& line, std::size_t index, const std::string& what);
long integer_at(const Line& line, std::size_t index, const std::string& what);
void refuse_time_series_options(const Line& line, const std::string& package);

void read_tdis(const std::string& path, Deck& deck);
void read_ims(const std::string& path, Deck& deck);
void read_dis(const std::string& path, Deck& deck);
void read_ic(const std::string& path, Deck& deck);
void read_npf(const std::string& path, Deck& deck);
void read_sto(const std::string& path, Deck& deck);
void read_boundary_package(const std::string& path, const std::string& ftype, const std::string& name,
                           Deck& deck);
void read_oc(const std::string& path, Deck& deck);
// OBS6 file of the model (package < 0) or of a boundary package.
void read_obs(const std::string& path, int package, Deck& deck);

}  // namespace aquifer::mf6
