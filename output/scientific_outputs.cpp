#include "output/scientific_outputs.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "output/crs.hpp"
#include "output/hdf5_writer.hpp"
#include "output/netcdf_writer.hpp"
#include "output/xdmf_writer.hpp"

namespace aquifer::output {

ScientificOutputs::ScientificOutputs(const params::LoadedScenario& scenario, const std::filesystem::path& out_dir,
                                     MPI_Comm comm, BuildInfo build, bool resume)
    : comm_(comm), model_(&scenario.model), out_dir_(out_dir) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  is_root_ = rank == 0;
  if (!scenario.output.hdf5 && !scenario.output.netcdf) return;
  const Provenance provenance = make_provenance(scenario, std::move(build), comm);
  Hdf5Options h5_options;
  h5_options.reopen = resume;
  NetcdfOptions nc_options;
  nc_options.reopen = resume;
  if (scenario.output.hdf5)
    hdf5_ = std::make_unique<Hdf5HeadsWriter>((out_dir / "heads.h5").string(), scenario.model, provenance, comm,
                                              h5_options);
  if (scenario.output.netcdf)
    netcdf_ = std::make_unique<NetcdfHeadsWriter>((out_dir / "heads.nc").string(), scenario.model, provenance,
                                                  comm, nc_options);
  if (is_root_ && !scenario.crs.empty() && netcdf_ && !grid_mapping_for(scenario.crs))
    spdlog::warn("[model] crs = \"{}\" has no CF grid mapping in aquifer yet; heads.nc records the "
                 "name only (global attribute crs)", scenario.crs);
}

ScientificOutputs::~ScientificOutputs() = default;

void ScientificOutputs::attach(solver::Simulation& simulation) {
  if (hdf5_) simulation.add_observer(hdf5_.get());
  if (netcdf_) simulation.add_observer(netcdf_.get());
}

void ScientificOutputs::record_observation(const std::string& well_id, double t_d, double head_m) {
  if (hdf5_) hdf5_->record_observation(well_id, t_d, head_m);
}

void ScientificOutputs::commit_all() {
  if (committed_) return;
  const std::string end = utc_now_iso(comm_);
  if (hdf5_) hdf5_->commit(end);
  if (netcdf_) netcdf_->commit(end);
  committed_ = true;
  if (!hdf5_) return;
  std::string error;  // heads.xmf is written by rank 0; a failure there fails every rank
  if (is_root_) {
    try {
      add_time_slices((out_dir_ / "heads.h5").string(), hdf5_->output_times_d().size(), model_->grid);
      write_xdmf((out_dir_ / "heads.xmf").string(), "heads.h5", model_->grid, hdf5_->output_times_d());
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  error = broadcast_string(error, comm_);
  if (!error.empty()) throw std::runtime_error(error);
}

void ScientificOutputs::save_to(const std::filesystem::path& checkpoint_dir) {
  if (hdf5_) hdf5_->flush();
  if (netcdf_) netcdf_->flush();
  MPI_Barrier(comm_);
  std::string error;
  if (is_root_) {
    std::error_code ec;
    namespace fs = std::filesystem;
    if (hdf5_ && !ec)
      fs::copy_file(hdf5_->temp_path(), checkpoint_dir / "heads.h5.ckpt", fs::copy_options::overwrite_existing, ec);
    if (netcdf_ && !ec)
      fs::copy_file(netcdf_->temp_path(), checkpoint_dir / "heads.nc.ckpt", fs::copy_options::overwrite_existing, ec);
    if (ec) error = "cannot copy the HDF5/NetCDF output into the checkpoint " + checkpoint_dir.string() + ": " + ec.message();
  }
  error = broadcast_string(error, comm_);
  if (!error.empty()) throw std::runtime_error(error);
}

void ScientificOutputs::restore_from(const std::filesystem::path& checkpoint_dir, const std::filesystem::path& out_dir) {
  namespace fs = std::filesystem;
  for (const char* name : {"heads.h5", "heads.nc"}) {
    const fs::path saved = checkpoint_dir / (std::string(name) + ".ckpt");
    if (!fs::exists(saved)) continue;
    std::error_code ec;
    fs::copy_file(saved, out_dir / (std::string(name) + ".partial"), fs::copy_options::overwrite_existing, ec);
    if (ec) throw std::runtime_error("cannot restore " + saved.string() + ": " + ec.message());
  }
}

std::vector<std::string> ScientificOutputs::written_files() const {
  std::vector<std::string> files;
  if (!committed_) return files;
  if (hdf5_) {
    files.push_back((out_dir_ / "heads.h5").string());
    files.push_back((out_dir_ / "heads.xmf").string());
  }
  if (netcdf_) files.push_back((out_dir_ / "heads.nc").string());
  return files;
}

}  // namespace aquifer::output
