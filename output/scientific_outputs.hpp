// The scientific output files of a run — heads.h5 (+ heads.xmf) and heads.nc — behind one
// object the app attaches in three lines:
//
//   output::ScientificOutputs outputs(*loaded, out_dir, PETSC_COMM_WORLD, build_info);
//   outputs.attach(simulation);
//   ...  simulation.run();  ...
//   outputs.commit_all();
//
// [output] hdf5 = false leaves out heads.h5 and heads.xmf; [output] netcdf = false heads.nc.
// Construction, attach's observers and commit_all are collective over the communicator.
// Destroyed without commit_all (solver failure), no file is left under a final name.
// Checkpoint and restart: save_to copies the open files into a checkpoint; restore_from puts
// them back and a ScientificOutputs constructed with resume = true continues them.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "output/provenance.hpp"
#include "params/load_scenario.hpp"
#include "solver/simulation.hpp"

namespace aquifer::output {

class Hdf5HeadsWriter;    // output/hdf5_writer.hpp (HDF5 headers stay out of app/)
class NetcdfHeadsWriter;  // output/netcdf_writer.hpp

class ScientificOutputs final {
 public:
  ScientificOutputs(const params::LoadedScenario& scenario, const std::filesystem::path& out_dir,
                    MPI_Comm comm, BuildInfo build, bool resume = false);
  ScientificOutputs(const ScientificOutputs&) = delete;
  ScientificOutputs& operator=(const ScientificOutputs&) = delete;
  ~ScientificOutputs();

  void attach(solver::Simulation& simulation);
  // Completes heads.h5, heads.nc and writes heads.xmf; throws on failure (every rank).
  void commit_all();

  // Simulated head [m] of an observation well at t_d [d since start], stored in heads.h5 as
  // /observations/<well_id>/{time,simulated_head}; no-op when [output] hdf5 = false. Call on
  // EVERY rank with identical arguments (see Hdf5HeadsWriter::record_observation).
  void record_observation(const std::string& well_id, double t_d, double head_m);
  // The heads.h5 writer, or nullptr when [output] hdf5 = false.
  [[nodiscard]] Hdf5HeadsWriter* hdf5() { return hdf5_.get(); }
  // Checkpoint (collective): flushes heads.h5.partial and heads.nc.partial and copies them into
  // checkpoint_dir as heads.h5.ckpt and heads.nc.ckpt; throws on failure (every rank).
  void save_to(const std::filesystem::path& checkpoint_dir);
  // Restart (rank 0, before constructing with resume = true): copies the checkpoint's copies
  // back to "<out_dir>/heads.{h5,nc}.partial". Throws std::runtime_error on failure.
  static void restore_from(const std::filesystem::path& checkpoint_dir, const std::filesystem::path& out_dir);
  // Final paths of the files written (after commit_all), for the closing message.
  [[nodiscard]] std::vector<std::string> written_files() const;

 private:
  MPI_Comm comm_;
  bool is_root_ = false;
  bool committed_ = false;
  const solver::Model* model_ = nullptr;
  std::filesystem::path out_dir_;
  std::unique_ptr<Hdf5HeadsWriter> hdf5_;
  std::unique_ptr<NetcdfHeadsWriter> netcdf_;
};

}  // namespace aquifer::output
