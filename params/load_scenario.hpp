// Public entry point of params/: read a scenario TOML (and every file it names), validate it,
// and turn it into the solver's plain Model. Nothing here runs a simulation or writes files.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "params/compliance_inputs.hpp"
#include "params/observation_wells.hpp"
#include "solver/model.hpp"

namespace aquifer::params {

// One problem in the user's input. line/column are 1-based; 0 when unknown.
struct InputProblem final {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;  // what is wrong and what was expected

  // "<file>:<line>:<column>: <message>" (line/column left out when unknown)
  [[nodiscard]] std::string to_string() const;
};

// Thrown when the input is invalid; carries every problem found, not only the first.
class InputError final : public std::runtime_error {
 public:
  explicit InputError(std::vector<InputProblem> problems);
  [[nodiscard]] const std::vector<InputProblem>& problems() const { return problems_; }

 private:
  std::vector<InputProblem> problems_;
};

struct OutputSettings final {
  std::string dir = "out";  // resolved against the scenario's folder
  bool hdf5 = true;
  bool netcdf = true;
  bool csv = true;          // heads.csv; see docs/scenario-extensions.md for the default
  bool report = true;
  double checkpoint_every_d = 0.0;  // checkpoint interval [d]; 0 = none (extension)
};

struct LoadedScenario final {
  solver::Model model;
  OutputSettings output;
  std::string scenario_path;
  std::string scenario_text;           // the full TOML text, for provenance
  std::string start_iso;               // model start, "YYYY-MM-DDTHH:MM:SS" (UTC)
  double start_epoch_d = 0.0;          // model start in days since 1970-01-01T00:00:00Z
  int utc_offset_min = 0;              // [model] timezone (minutes east of UTC); naive times
                                       // in the inputs were read at this offset
  std::string crs;                     // e.g. "EPSG:6670"; empty when not given
  int fiscal_year_start_month = 4;     // [compliance] fiscal_year_start (default "04-01"):
  int fiscal_year_start_day = 1;       // fiscal year N starts on this day of year N
  ComplianceInputs compliance;         // [[permits]], [[obligation_rules]], [[credits]]
  std::vector<ObservationWellSpec> observation_wells;  // [[observation_wells]]
  InitialFromObservations initial_from_observations;   // [initial] head = "observations"
  std::vector<std::string> input_files;  // every file read (scenario first)
  // SHA-256 (hex) of input files hashed from the content read (`aquifer run`, see
  // app/scenario_preload.hpp); provenance hashes the others from disk.
  std::map<std::string, std::string> input_sha256;
  std::vector<std::string> warnings;     // things accepted but worth telling the user
};

// Called with each input file's path and whole content as it is read (the scenario first;
// a file read twice, twice), e.g. to hash it. Must not throw.
using FileReadHook = std::function<void(const std::string& path, std::string_view content)>;

// Reads and validates. Throws InputError listing every problem found.
[[nodiscard]] LoadedScenario load_scenario(const std::string& path, const FileReadHook& on_read = {});

}  // namespace aquifer::params
