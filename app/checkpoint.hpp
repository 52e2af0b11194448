// Checkpoint and restart of `aquifer run` (--checkpoint-every, --resume): the complete state of
// a transient run in "<output dir>/checkpoint/":
//   state.txt          format tag, SHA-256 of the scenario text, t, dt and step counter (hex
//                      floats, exact), and the byte length of budget.csv, heads.csv and
//                      accounting.csv (their ".partial" files are only ever appended to)
//   heads.petsc        the heads (PETSc binary, natural order: any rank count reads them)
//   accounting.state   fiscal-year sums of accounting / fiscal_years.csv
//   summary.state      the sums of the closing summary
//   observations.state the simulated heads at the observation wells so far (hex floats)
//   heads.h5.ckpt, heads.nc.ckpt   copies of the open HDF5 / NetCDF files, flushed
// A checkpoint is written into "checkpoint.tmp/" and then swapped in (checkpoint ->
// checkpoint.old, checkpoint.tmp -> checkpoint, old removed), so a kill at any moment leaves
// one complete checkpoint; resume reads checkpoint/, else checkpoint.old/.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <optional>
#include <string>

#include "app/observation_wells_run.hpp"
#include "app/progress.hpp"
#include "output/accounting_writer.hpp"
#include "output/csv_writers.hpp"
#include "output/scientific_outputs.hpp"
#include "solver/simulation.hpp"

namespace aquifer::app {

struct CheckpointInfo final {
  std::filesystem::path dir;  // the folder it was read from
  std::string scenario_sha256;
  solver::RunState state;
  long budget_csv_bytes = -1, heads_csv_bytes = -1, accounting_csv_bytes = -1;
};

// Reads the checkpoint of an output folder (any rank, no MPI). nullopt, with the reason in
// `why`, when there is none or it is unreadable.
[[nodiscard]] std::optional<CheckpointInfo> read_checkpoint(const std::filesystem::path& out_dir, std::string* why);
// Reads a whole text file of a checkpoint; throws std::runtime_error.
[[nodiscard]] std::string read_checkpoint_text(const std::filesystem::path& path);
// Removes checkpoint/, checkpoint.tmp/ and checkpoint.old/ (rank 0 only; after a finished run).
void remove_checkpoints(const std::filesystem::path& out_dir);

// The writers of one run, whose positions a checkpoint records.
struct RunWriters final {
  output::BudgetCsvWriter* budget_csv = nullptr;
  output::HeadsCsvWriter* heads_csv = nullptr;  // may be null
  output::AccountingWriter* accounting = nullptr;
  output::ScientificOutputs* scientific = nullptr;
  BudgetSummary* summary = nullptr;
  ObservationTracker* observations = nullptr;  // may be null
};

class Checkpointer final {
 public:
  Checkpointer(std::filesystem::path out_dir, std::string scenario_sha256, solver::Simulation& simulation,
               RunWriters writers, MPI_Comm comm);
  // Saves the complete state (collective); throws std::runtime_error on every rank on failure.
  void save(const solver::RunState& state);
  // Restart: restores the writers' in-memory sums from a checkpoint (every rank).
  void restore_sums(const CheckpointInfo& info);
  // Time of the last checkpoint saved by this run, < 0 if none.
  [[nodiscard]] double last_saved_d() const { return last_saved_d_; }

 private:
  void write_state_files(const std::filesystem::path& dir, const solver::RunState& state) const;

  std::filesystem::path out_dir_;
  std::string scenario_sha256_;
  solver::Simulation& simulation_;
  RunWriters writers_;
  MPI_Comm comm_;
  bool is_root_ = false;
  double last_saved_d_ = -1.0;
};

}  // namespace aquifer::app
