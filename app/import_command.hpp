// `aquifer import-mf6 MFSIM -o DIR [--force]`: writes a MODFLOW 6 deck as a TOML scenario
// (DIR/scenario.toml, DIR/data/*.csv, DIR/IMPORT-NOTES.md; mf6/scenario_writer.hpp) that
// `aquifer run DIR/scenario.toml` solves like `aquifer run MFSIM`.
// Exit status: 0 written; 2 invalid deck, a feature the scenario cannot express yet, or an
// existing non-empty DIR without --force (nothing written); 1 an unexpected failure (DIR as
// it was). Files are written to a temporary sibling folder, checked by loading the scenario,
// and only then renamed to DIR.
#pragma once

#include <string>

namespace aquifer::app {

struct ImportOptions final {
  std::string mfsim_path;
  std::string output_dir;
  bool force = false;  // replace an existing non-empty DIR
};

[[nodiscard]] int import_mf6_command(const ImportOptions& options);

}  // namespace aquifer::app
