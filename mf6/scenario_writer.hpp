// MODFLOW 6 deck -> this project's TOML scenario (`aquifer import-mf6`): scenario.toml, its
// data files and IMPORT-NOTES.md, written from the same solver::Model that to_model.cpp
// builds for `aquifer run mfsim.nam`, so one translation serves both paths and
// `aquifer run DIR/scenario.toml` solves the same equations. Row order needs no work here:
// the Model's row 0 is already the southern row (to_model.cpp), which is what scenario
// files number 1 (lists) and what raster files write last (first line = north).
// Keys used beyond the scenario contract: docs/scenario-extensions.md.
#pragma once

#include <string>
#include <vector>

#include "mf6/deck.hpp"
#include "mf6/to_model.hpp"

namespace aquifer::mf6 {

struct ScenarioFile final {
  std::string path;  // relative to the scenario folder, '/' separated
  std::string text;
};

// scenario.toml first, then data/*.csv and IMPORT-NOTES.md. `source` names the deck in the
// header comment. Deterministic: the same deck gives byte-identical files.
// Every deck `aquifer run` accepts can be written; OBS files are left out and listed as ignored.
[[nodiscard]] std::vector<ScenarioFile> write_scenario(const Deck& deck, const std::string& source);

// The shortest decimal text that reads back as exactly `x` ("0.1", "1e-05", "250").
[[nodiscard]] std::string exact_number(double x);

}  // namespace aquifer::mf6
