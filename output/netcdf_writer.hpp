// heads.nc (outputs contract): NetCDF-4 (HDF5 storage), CF-1.11, written by all ranks through
// the parallel NetCDF API with collective access; each rank writes its own block of the head
// field at every output time.
//
// Dimensions time (unlimited), layer, y, x. Variables:
//   time(time)  double, "days since <start> 00:00:00", calendar standard, axis T
//   layer(layer) int 1..nlay (1 = top), axis Z, positive down
//   y(y), x(x)  double cell centres [m], projection_y/x_coordinate, axis Y/X
//   head(time, layer, y, x) double [m], _FillValue NaN (inactive and dry cells), grid_mapping
//   crs         int scalar grid-mapping variable when [model] crs is supported (output/crs.hpp)
// Global attributes: Conventions, title, source, history, institution-free provenance.
// Written as "<path>.partial" and renamed by rank 0 after every rank has closed it (commit).
#pragma once

#include <mpi.h>

#include <array>
#include <stdexcept>
#include <string>
#include <utility>

#include "output/provenance.hpp"
#include "solver/model.hpp"
#include "solver/simulation.hpp"

namespace aquifer::output {

// A NetCDF call failed; the message names the call and nc_strerror's text.
class NetcdfError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NetcdfOptions final {
  bool compress = true;  // shuffle + deflate on head (parallel filters need collective access)
  int deflate_level = 1;
  std::size_t chunk_target_bytes = std::size_t{1} << 20;
  bool reopen = false;  // restart: continue the existing "<path>.partial" (checkpoint)
};

// Owner of an open NetCDF id; closing is collective for files opened in parallel.
class NcFile final {
 public:
  NcFile() = default;
  explicit NcFile(int id) : id_(id) {}
  NcFile(const NcFile&) = delete;
  NcFile& operator=(const NcFile&) = delete;
  NcFile(NcFile&& other) noexcept : id_(std::exchange(other.id_, -1)) {}
  NcFile& operator=(NcFile&& other) noexcept;
  ~NcFile();
  [[nodiscard]] int id() const { return id_; }
  void close();  // throws NetcdfError

 private:
  int id_ = -1;
};

class NetcdfHeadsWriter final : public solver::SimulationObserver {
 public:
  NetcdfHeadsWriter(const std::string& path, const solver::Model& model, const Provenance& provenance,
                    MPI_Comm comm, NetcdfOptions options = {});
  // Without commit(): closes and removes the temporary file.
  ~NetcdfHeadsWriter() override;

  void on_local_heads(double t_d, const solver::LocalHeadsBlock& block) override;
  [[nodiscard]] bool needs_local_heads() const override { return true; }
  // Adds the end time to the global attributes, closes and renames into place.
  void commit(const std::string& wall_end_utc);
  // Checkpoint: syncs the file, so that a copy of "<path>.partial" taken now is complete.
  void flush();
  [[nodiscard]] const std::string& temp_path() const { return temp_path_; }

  [[nodiscard]] bool head_compressed() const { return compressed_; }
  [[nodiscard]] const std::string& final_path() const { return final_path_; }

 private:
  struct VarIds final {
    int time = -1, layer = -1, y = -1, x = -1, head = -1, crs = -1;
  };
  void define(const solver::Model& model, const Provenance& provenance, const NetcdfOptions& options);
  void define_head(const std::array<int, 4>& dims, bool has_crs, const NetcdfOptions& options);
  void define_crs();
  void write_global_attributes(const solver::Model& model, const Provenance& provenance);
  void write_coordinates();
  void reopen();

  MPI_Comm comm_;
  bool is_root_ = false;
  bool compressed_ = false;
  bool committed_ = false;
  solver::GridGeometry grid_;
  std::string final_path_, temp_path_, crs_text_;
  std::size_t times_written_ = 0;
  VarIds var_;
  NcFile file_;
};

}  // namespace aquifer::output
