// `aquifer run <mfsim.nam>`: runs a MODFLOW 6 deck and writes, in the output folder,
//   heads_mf6.csv   kper,kstp,totim,layer,row,col,head (MF6 numbering: row 1 = north)
//   budget_mf6.csv  kper,kstp,totim,term,package,rate_in,rate_out  [L^3/T], every time step
//   <file>.csv      each OBS6 CONTINUOUS FILEOUT file, in MF6's CSV layout
// and, with --mf6-heads FILE, MF6's binary head file (FloPy's HeadFile reads it).
// Exit status: 0 success, 2 invalid or unsupported input (nothing written), 3 no convergence.
#pragma once

#include <string>

namespace aquifer::app {

struct Mf6RunOptions final {
  std::string mfsim_path;
  std::string output_dir;  // empty: "mf6-output" beside mfsim.nam
  std::string heads_file;  // --mf6-heads; empty: not written
};

[[nodiscard]] bool is_mf6_deck(const std::string& path);
[[nodiscard]] int mf6_run_command(const Mf6RunOptions& options);

}  // namespace aquifer::app
