#include "output/netcdf_writer.hpp"

#include <netcdf.h>
#include <netcdf_par.h>

#include <array>
#include <cstdio>
#include <limits>
#include <vector>

#include "output/atomic_file.hpp"
#include "output/chunking.hpp"
#include "output/crs.hpp"

namespace aquifer::output {

namespace {

void nc_check(int status, const std::string& what) {
  if (status != NC_NOERR) throw NetcdfError("NetCDF: " + what + ": " + nc_strerror(status));
}

void put_text(int ncid, int var, const char* name, const std::string& value) {
  nc_check(nc_put_att_text(ncid, var, name, value.size(), value.c_str()), name);
}

void put_double(int ncid, int var, const char* name, double value) {
  nc_check(nc_put_att_double(ncid, var, name, NC_DOUBLE, 1, &value), name);
}

int define_var(int ncid, const char* name, nc_type type, std::vector<int> dims) {
  int id = -1;
  nc_check(nc_def_var(ncid, name, type, static_cast<int>(dims.size()), dims.data(), &id),
           std::string("nc_def_var ") + name);
  return id;
}

}  // namespace

NcFile::~NcFile() {
  if (id_ >= 0) nc_close(id_);
}

NcFile& NcFile::operator=(NcFile&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0) nc_close(id_);
    id_ = std::exchange(other.id_, -1);
  }
  return *this;
}

void NcFile::close() {
  const int id = id_;
  id_ = -1;
  if (id >= 0) nc_check(nc_close(id), "nc_close");
}

NetcdfHeadsWriter::NetcdfHeadsWriter(const std::string& path, const solver::Model& model,
                                     const Provenance& provenance, MPI_Comm comm, NetcdfOptions options)
    : comm_(comm), grid_(model.grid), final_path_(path), temp_path_(path + ".partial"), crs_text_(provenance.crs) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  is_root_ = rank == 0;
  if (options.reopen) {
    reopen();
    return;
  }
  int ncid = -1;
  nc_check(nc_create_par(temp_path_.c_str(), NC_NETCDF4 | NC_MPIIO | NC_CLOBBER, comm, MPI_INFO_NULL, &ncid),
           "nc_create_par(" + temp_path_ + ")");
  file_ = NcFile(ncid);
  define(model, provenance, options);
  nc_check(nc_enddef(file_.id()), "nc_enddef");
  for (int v : {var_.time, var_.layer, var_.y, var_.x, var_.head})
    nc_check(nc_var_par_access(file_.id(), v, NC_COLLECTIVE), "nc_var_par_access");
  write_coordinates();
}

void NetcdfHeadsWriter::reopen() {
  int ncid = -1;
  nc_check(nc_open_par(temp_path_.c_str(), NC_WRITE | NC_MPIIO, comm_, MPI_INFO_NULL, &ncid),
           "nc_open_par(" + temp_path_ + ")");
  file_ = NcFile(ncid);
  const std::pair<const char*, int*> vars[] = {
      {"time", &var_.time}, {"layer", &var_.layer}, {"y", &var_.y}, {"x", &var_.x}, {"head", &var_.head}};
  for (const auto& [name, id] : vars) nc_check(nc_inq_varid(ncid, name, id), std::string("nc_inq_varid ") + name);
  if (nc_inq_varid(ncid, "crs", &var_.crs) != NC_NOERR) var_.crs = -1;
  int time_dim = -1;
  nc_check(nc_inq_dimid(ncid, "time", &time_dim), "nc_inq_dimid time");
  nc_check(nc_inq_dimlen(ncid, time_dim, &times_written_), "nc_inq_dimlen time");
  int shuffle = 0, deflate = 0, level = 0;
  nc_check(nc_inq_var_deflate(ncid, var_.head, &shuffle, &deflate, &level), "nc_inq_var_deflate head");
  compressed_ = deflate != 0;
  for (const auto& [name, id] : vars) nc_check(nc_var_par_access(ncid, *id, NC_COLLECTIVE), "nc_var_par_access");
}

void NetcdfHeadsWriter::flush() { nc_check(nc_sync(file_.id()), "nc_sync(" + temp_path_ + ")"); }

NetcdfHeadsWriter::~NetcdfHeadsWriter() {
  if (committed_) return;
  file_ = NcFile();  // closes (collective)
  if (is_root_) std::remove(temp_path_.c_str());
}

void NetcdfHeadsWriter::define(const solver::Model& model, const Provenance& p, const NetcdfOptions& options) {
  const int nc = file_.id();
  std::array<int, 4> dims{};  // time, layer, y, x
  nc_check(nc_def_dim(nc, "time", NC_UNLIMITED, &dims[0]), "nc_def_dim time");
  nc_check(nc_def_dim(nc, "layer", static_cast<std::size_t>(grid_.nlay), &dims[1]), "nc_def_dim layer");
  nc_check(nc_def_dim(nc, "y", static_cast<std::size_t>(grid_.ny), &dims[2]), "nc_def_dim y");
  nc_check(nc_def_dim(nc, "x", static_cast<std::size_t>(grid_.nx), &dims[3]), "nc_def_dim x");

  var_.time = define_var(nc, "time", NC_DOUBLE, {dims[0]});
  put_text(nc, var_.time, "standard_name", "time");
  put_text(nc, var_.time, "long_name", "time");
  put_text(nc, var_.time, "units", cf_days_since(p.model_start_utc));
  put_text(nc, var_.time, "calendar", "standard");
  put_text(nc, var_.time, "axis", "T");

  var_.layer = define_var(nc, "layer", NC_INT, {dims[1]});
  put_text(nc, var_.layer, "long_name", "model layer (1 = top layer)");
  put_text(nc, var_.layer, "units", "1");
  put_text(nc, var_.layer, "positive", "down");
  put_text(nc, var_.layer, "axis", "Z");

  var_.y = define_var(nc, "y", NC_DOUBLE, {dims[2]});
  put_text(nc, var_.y, "standard_name", "projection_y_coordinate");
  put_text(nc, var_.y, "long_name", "y coordinate of cell centre (northing)");
  put_text(nc, var_.y, "units", "m");
  put_text(nc, var_.y, "axis", "Y");
  var_.x = define_var(nc, "x", NC_DOUBLE, {dims[3]});
  put_text(nc, var_.x, "standard_name", "projection_x_coordinate");
  put_text(nc, var_.x, "long_name", "x coordinate of cell centre (easting)");
  put_text(nc, var_.x, "units", "m");
  put_text(nc, var_.x, "axis", "X");

  const bool has_crs = grid_mapping_for(p.crs).has_value();
  if (has_crs) define_crs();
  define_head(dims, has_crs, options);
  write_global_attributes(model, p);
}

void NetcdfHeadsWriter::define_head(const std::array<int, 4>& dims, bool has_crs, const NetcdfOptions& options) {
  const int nc = file_.id();
  var_.head = define_var(nc, "head", NC_DOUBLE, {dims[0], dims[1], dims[2], dims[3]});
  const auto shape = head_chunk_shape(grid_, options.chunk_target_bytes);
  nc_check(nc_def_var_chunking(nc, var_.head, NC_CHUNKED, shape.data()), "nc_def_var_chunking head");
  const double fill = std::numeric_limits<double>::quiet_NaN();
  nc_check(nc_def_var_fill(nc, var_.head, NC_FILL, &fill), "nc_def_var_fill head");
  compressed_ = options.compress;
  if (compressed_) {
    const int status = nc_def_var_deflate(nc, var_.head, 1, 1, options.deflate_level);
    compressed_ = status == NC_NOERR;  // a library without parallel filters refuses: write plain
  }
  put_text(nc, var_.head, "long_name", "hydraulic head");
  put_text(nc, var_.head, "units", "m");
  put_text(nc, var_.head, "comment", "NaN (_FillValue) marks inactive and dry cells");
  if (has_crs) put_text(nc, var_.head, "grid_mapping", "crs");
}

void NetcdfHeadsWriter::define_crs() {
  const auto m = grid_mapping_for(crs_text_);
  const int nc = file_.id();
  var_.crs = define_var(nc, "crs", NC_INT, {});
  put_text(nc, var_.crs, "grid_mapping_name", "transverse_mercator");
  put_double(nc, var_.crs, "latitude_of_projection_origin", m->latitude_of_projection_origin_deg);
  put_double(nc, var_.crs, "longitude_of_central_meridian", m->longitude_of_central_meridian_deg);
  put_double(nc, var_.crs, "scale_factor_at_central_meridian", m->scale_factor_at_central_meridian);
  put_double(nc, var_.crs, "false_easting", m->false_easting_m);
  put_double(nc, var_.crs, "false_northing", m->false_northing_m);
  put_double(nc, var_.crs, "semi_major_axis", m->semi_major_axis_m);
  put_double(nc, var_.crs, "inverse_flattening", m->inverse_flattening);
  put_double(nc, var_.crs, "longitude_of_prime_meridian", 0.0);
  put_text(nc, var_.crs, "reference_ellipsoid_name", m->reference_ellipsoid_name);
  put_text(nc, var_.crs, "horizontal_datum_name", m->horizontal_datum_name);
  put_text(nc, var_.crs, "geographic_crs_name", m->geographic_crs_name);
  put_text(nc, var_.crs, "projected_crs_name", m->projected_crs_name);
  put_text(nc, var_.crs, "crs_wkt", m->crs_wkt);
  put_text(nc, var_.crs, "epsg_code", "EPSG:" + std::to_string(m->epsg));
}

void NetcdfHeadsWriter::write_global_attributes(const solver::Model& model, const Provenance& p) {
  const int nc = file_.id();
  put_text(nc, NC_GLOBAL, "Conventions", "CF-1.11");
  put_text(nc, NC_GLOBAL, "title", "Simulated hydraulic heads: " + model.name);
  put_text(nc, NC_GLOBAL, "source", p.software());
  put_text(nc, NC_GLOBAL, "history", p.wall_start_utc + " aquifer run " + p.scenario_path + " (" +
                                         std::to_string(p.mpi_ranks) + (p.mpi_ranks == 1 ? " MPI rank)" : " MPI ranks)"));
  put_text(nc, NC_GLOBAL, "comment",
           "y index 0 is the southern row; layer 1 is the top layer. Cell tops, bottoms and the "
           "water budget are in heads.h5.");
  if (!p.crs.empty()) put_text(nc, NC_GLOBAL, "crs", p.crs);
  put_text(nc, NC_GLOBAL, "aquifer_version", p.build.software_version);
  put_text(nc, NC_GLOBAL, "git_commit", p.build.git_commit);
  put_text(nc, NC_GLOBAL, "petsc_version", p.build.petsc_version);
  put_text(nc, NC_GLOBAL, "petsc_options", p.build.petsc_options);
  put_text(nc, NC_GLOBAL, "linear_solver", p.build.linear_solver);
  nc_check(nc_put_att_int(nc, NC_GLOBAL, "mpi_ranks", NC_INT, 1, &p.mpi_ranks), "mpi_ranks");
  put_text(nc, NC_GLOBAL, "wall_clock_start_utc", p.wall_start_utc);
  put_text(nc, NC_GLOBAL, "model_start_utc", p.model_start_utc);
  put_text(nc, NC_GLOBAL, "scenario_path", p.scenario_path);
  put_text(nc, NC_GLOBAL, "scenario_text", p.scenario_text);
  put_text(nc, NC_GLOBAL, "input_sha256", p.input_hash_lines());
}

void NetcdfHeadsWriter::write_coordinates() {
  const int nc = file_.id();
  const auto x = grid_.x_centres();
  const auto y = grid_.y_centres();
  std::vector<int> layer(static_cast<std::size_t>(grid_.nlay));
  for (int k = 0; k < grid_.nlay; ++k) layer[static_cast<std::size_t>(k)] = k + 1;
  const std::size_t start = 0;
  auto count = [&](std::size_t n) { return is_root_ ? n : std::size_t{0}; };  // rank 0 writes
  std::size_t n = count(x.size());
  nc_check(nc_put_vara_double(nc, var_.x, &start, &n, x.data()), "write x");
  n = count(y.size());
  nc_check(nc_put_vara_double(nc, var_.y, &start, &n, y.data()), "write y");
  n = count(layer.size());
  nc_check(nc_put_vara_int(nc, var_.layer, &start, &n, layer.data()), "write layer");
}

void NetcdfHeadsWriter::on_local_heads(double t_d, const solver::LocalHeadsBlock& b) {
  const int nc = file_.id();
  const std::size_t it = times_written_;
  const std::array<std::size_t, 4> start = {it, static_cast<std::size_t>(b.layer0), static_cast<std::size_t>(b.row0),
                                            static_cast<std::size_t>(b.col0)};
  std::array<std::size_t, 4> count = {1, static_cast<std::size_t>(b.nlay), static_cast<std::size_t>(b.nrow),
                                      static_cast<std::size_t>(b.ncol)};
  const double dummy = 0.0;
  if (b.values_m.empty()) count = {0, 0, 0, 0};
  nc_check(nc_put_vara_double(nc, var_.head, start.data(), count.data(),
                              b.values_m.empty() ? &dummy : b.values_m.data()),
           "write head");
  const std::size_t n = is_root_ ? 1 : 0;
  nc_check(nc_put_vara_double(nc, var_.time, &it, &n, &t_d), "write time");
  ++times_written_;
}

void NetcdfHeadsWriter::commit(const std::string& wall_end_utc) {
  if (committed_) return;
  nc_check(nc_redef(file_.id()), "nc_redef");
  put_text(file_.id(), NC_GLOBAL, "wall_clock_end_utc", wall_end_utc);
  nc_check(nc_enddef(file_.id()), "nc_enddef");
  file_.close();
  const bool renamed = rename_collectively(temp_path_, final_path_, comm_);
  committed_ = true;
  if (!renamed) throw NetcdfError("cannot rename " + temp_path_ + " to " + final_path_);
}

}  // namespace aquifer::output
