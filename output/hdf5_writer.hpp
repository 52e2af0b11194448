// heads.h5 (outputs contract): grid, head field at output times, water budget every step,
// observation-well series and provenance, in ONE file written by all ranks with parallel
// collective MPI-IO. Each rank writes its own block of the head field (on_local_heads); the
// budget and observation series, identical on every rank, are buffered and appended at each
// output time and at commit (rank 0 writes, the others take part in the collective call).
//
// Layout: /grid/{x,y}[n] cell centres [m], /grid/{top,bottom}[nlay,ny,nx] [m],
// /grid/active[nlay,ny,nx] int8, /grid/{x,y,z}_nodes (cell edges, for heads.xmf),
// /fields/time[nt] [d since start], /fields/head[nt,nlay,ny,nx] [m] (NaN = inactive or dry),
// /budget/time, /budget/<component>_{in,out} [m3/d], /budget/flooding_rejected [m3/d],
// /budget/discrepancy_percent [%], /observations/<well>/{time,simulated_head},
// /provenance (attributes). Row 0 is the southern row, layer 0 the top layer.
//
// Written as "<path>.partial" and renamed by rank 0 after every rank has closed it (commit).
// Every member function is collective over the communicator unless noted.
#pragma once

#include <mpi.h>

#include <map>
#include <string>
#include <vector>

#include "output/hdf5_handles.hpp"
#include "output/hdf5_support.hpp"
#include "output/provenance.hpp"
#include "solver/model.hpp"
#include "solver/simulation.hpp"

namespace aquifer::output {

struct Hdf5Options final {
  bool compress = true;      // shuffle + deflate on /fields/head (needs collective I/O)
  int deflate_level = 1;     // 1 = fastest; heads compress little better at higher levels
  std::size_t chunk_target_bytes = std::size_t{1} << 20;  // one chunk = part of one layer slab
  bool reopen = false;       // restart: continue the existing "<path>.partial" (checkpoint)
};

class Hdf5HeadsWriter final : public solver::SimulationObserver {
 public:
  Hdf5HeadsWriter(const std::string& path, const solver::Model& model, const Provenance& provenance,
                  MPI_Comm comm, Hdf5Options options = {});
  // Without commit(): closes and removes the temporary file.
  ~Hdf5HeadsWriter() override;

  void on_step(const solver::StepRecord& record) override;
  void on_local_heads(double t_d, const solver::LocalHeadsBlock& block) override;
  [[nodiscard]] bool needs_local_heads() const override { return true; }

  // Observation wells: the simulated head [m] of well `well_id` at t_d [d since start], stored
  // as /observations/<well_id>/{time,simulated_head}. Call on EVERY rank with identical
  // arguments (reduce the value first); buffered, written at output times and at commit.
  // '/' in a well id becomes '_' in the group name; the group keeps the id as attribute well_id.
  void record_observation(const std::string& well_id, double t_d, double head_m);

  // Writes what is buffered, the end time into /provenance, closes, and renames into place.
  void commit(const std::string& wall_end_utc);

  // Checkpoint: writes what is buffered and flushes the file, so that a copy of
  // "<path>.partial" taken now is complete.
  void flush();
  [[nodiscard]] const std::string& temp_path() const { return temp_path_; }

  [[nodiscard]] const std::vector<double>& output_times_d() const { return output_times_d_; }
  [[nodiscard]] bool head_compressed() const { return compressed_; }
  [[nodiscard]] const std::string& final_path() const { return final_path_; }

 private:
  struct BudgetBuffer final {
    std::vector<double> time_d, rejected, discrepancy;
    std::vector<std::vector<double>> in, out;  // [component][step]
  };
  struct ObservationSeries final {
    std::string well_id;
    H5Group group;
    h5::Series1D time, head;
    std::vector<double> pending_time_d, pending_head_m;
  };

  void write_grid(const solver::Model& model);
  void write_provenance(const Provenance& provenance);
  void create_budget(const std::string& time_units);
  void create_head_dataset(const Hdf5Options& options);
  void reopen();
  void flush_series();
  void close_all();

  MPI_Comm comm_;
  bool is_root_ = false;
  bool compressed_ = false;
  bool committed_ = false;
  solver::GridGeometry grid_;
  std::string final_path_, temp_path_;
  std::string time_units_;  // CF "days since <start>"
  std::vector<double> output_times_d_;
  BudgetBuffer pending_budget_;
  // Declared first so that it is closed last (MPI-IO files refuse to close with open objects).
  H5File file_;
  H5PropList transfer_;
  H5Group fields_, budget_, observations_, provenance_;
  H5Dataset head_;
  h5::Series1D field_time_, budget_time_, rejected_, discrepancy_;
  std::vector<h5::Series1D> budget_in_, budget_out_;
  std::map<std::string, ObservationSeries> observation_series_;
};

}  // namespace aquifer::output
