#include "output/hdf5_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "output/atomic_file.hpp"
#include "output/chunking.hpp"
#include "output/xdmf_writer.hpp"
#include "solver/budget.hpp"

namespace aquifer::output {

namespace {

H5File create_parallel_file(const std::string& path, MPI_Comm comm) {
  const H5PropList access(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate(fapl)");
  h5_check(H5Pset_fapl_mpio(access, comm, MPI_INFO_NULL), "H5Pset_fapl_mpio");
  h5_check(H5Pset_all_coll_metadata_ops(access, true), "H5Pset_all_coll_metadata_ops");
  h5_check(H5Pset_coll_metadata_write(access, true), "H5Pset_coll_metadata_write");
  return H5File(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access),
                ("H5Fcreate(" + path + ")").c_str());
}

H5File open_parallel_file(const std::string& path, MPI_Comm comm) {
  const H5PropList access(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate(fapl)");
  h5_check(H5Pset_fapl_mpio(access, comm, MPI_INFO_NULL), "H5Pset_fapl_mpio");
  h5_check(H5Pset_all_coll_metadata_ops(access, true), "H5Pset_all_coll_metadata_ops");
  h5_check(H5Pset_coll_metadata_write(access, true), "H5Pset_coll_metadata_write");
  return H5File(H5Fopen(path.c_str(), H5F_ACC_RDWR, access), ("H5Fopen(" + path + ")").c_str());
}

void write_vector(hid_t parent, const char* name, const std::vector<double>& v, bool root, hid_t xfer,
                  const char* units) {
  h5::write_whole_dataset(parent, name, {v.size()}, H5T_NATIVE_DOUBLE, v.data(), root, xfer);
  const H5Dataset d(H5Dopen2(parent, name, H5P_DEFAULT), name);
  h5::write_attribute(d, "units", units);
}

}  // namespace

Hdf5HeadsWriter::Hdf5HeadsWriter(const std::string& path, const solver::Model& model,
                                 const Provenance& provenance, MPI_Comm comm, Hdf5Options options)
    : comm_(comm), grid_(model.grid), final_path_(path), temp_path_(path + ".partial") {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  is_root_ = rank == 0;
  if (options.reopen) {
    time_units_ = cf_days_since(provenance.model_start_utc);
    reopen();
    return;
  }
  file_ = create_parallel_file(temp_path_, comm);
  transfer_ = h5::collective_transfer();
  h5::write_attribute(file_, "title", model.name);
  h5::write_attribute(file_, "source", provenance.software());
  h5::write_attribute(file_, "index_order",
                      "arrays are [time][layer][row][col]; row 0 = southern row (smallest y), "
                      "layer 0 = top layer, col 0 = western column");
  write_grid(model);
  fields_ = h5::create_group(file_, "fields");
  field_time_ = h5::Series1D(fields_, "time", cf_days_since(provenance.model_start_utc));
  create_head_dataset(options);
  create_budget(cf_days_since(provenance.model_start_utc));
  observations_ = h5::create_group(file_, "observations");
  write_provenance(provenance);
}

Hdf5HeadsWriter::~Hdf5HeadsWriter() {
  if (committed_) return;
  close_all();
  if (is_root_) std::remove(temp_path_.c_str());
}

void Hdf5HeadsWriter::reopen() {
  file_ = open_parallel_file(temp_path_, comm_);
  transfer_ = h5::collective_transfer();
  fields_ = h5::open_group(file_, "fields");
  field_time_ = h5::Series1D::open(fields_, "time");
  output_times_d_ = field_time_.read_all();
  head_ = H5Dataset(H5Dopen2(fields_, "head", H5P_DEFAULT), "H5Dopen2(/fields/head)");
  const H5PropList create(H5Dget_create_plist(head_), "H5Dget_create_plist");
  compressed_ = H5Pget_nfilters(create) > 0;
  budget_ = h5::open_group(file_, "budget");
  budget_time_ = h5::Series1D::open(budget_, "time");
  for (const auto name : solver::kBudgetComponentNames) {
    budget_in_.push_back(h5::Series1D::open(budget_, (std::string(name) + "_in").c_str()));
    budget_out_.push_back(h5::Series1D::open(budget_, (std::string(name) + "_out").c_str()));
  }
  rejected_ = h5::Series1D::open(budget_, "flooding_rejected");
  discrepancy_ = h5::Series1D::open(budget_, "discrepancy_percent");
  pending_budget_.in.resize(solver::kBudgetComponentCount);
  pending_budget_.out.resize(solver::kBudgetComponentCount);
  observations_ = h5::open_group(file_, "observations");
  provenance_ = h5::open_group(file_, "provenance");
}

void Hdf5HeadsWriter::flush() {
  flush_series();
  h5_check(H5Fflush(file_, H5F_SCOPE_GLOBAL), ("H5Fflush(" + temp_path_ + ")").c_str());
}

void Hdf5HeadsWriter::write_grid(const solver::Model& model) {
  const auto& g = model.grid;
  const H5Group grid = h5::create_group(file_, "grid");
  write_vector(grid, "x", g.x_centres(), is_root_, transfer_, "m");
  write_vector(grid, "y", g.y_centres(), is_root_, transfer_, "m");
  const std::vector<hsize_t> dims3 = {static_cast<hsize_t>(g.nlay), static_cast<hsize_t>(g.ny),
                                      static_cast<hsize_t>(g.nx)};
  for (const auto& [name, values] : {std::pair{"top", &model.properties.top_m},
                                     std::pair{"bottom", &model.properties.bottom_m}}) {
    h5::write_whole_dataset(grid, name, dims3, H5T_NATIVE_DOUBLE, values->data(), is_root_, transfer_);
    const H5Dataset d(H5Dopen2(grid, name, H5P_DEFAULT), name);
    h5::write_attribute(d, "units", "m");
  }
  std::vector<std::int8_t> active(model.properties.active.size());
  std::transform(model.properties.active.begin(), model.properties.active.end(), active.begin(),
                 [](std::uint8_t a) { return static_cast<std::int8_t>(a != 0 ? 1 : 0); });
  h5::write_whole_dataset(grid, "active", dims3, H5T_NATIVE_INT8, active.data(), is_root_, transfer_);
  const GridNodes nodes = grid_nodes(model);
  write_vector(grid, "x_nodes", nodes.x_m, is_root_, transfer_, "m");
  write_vector(grid, "y_nodes", nodes.y_m, is_root_, transfer_, "m");
  write_vector(grid, "z_nodes", nodes.z_m, is_root_, transfer_, "m");
}

void Hdf5HeadsWriter::create_head_dataset(const Hdf5Options& options) {
  const std::vector<hsize_t> dims = {0, static_cast<hsize_t>(grid_.nlay), static_cast<hsize_t>(grid_.ny),
                                     static_cast<hsize_t>(grid_.nx)};
  std::vector<hsize_t> max_dims = dims;
  max_dims[0] = H5S_UNLIMITED;
  const H5Dataspace space(H5Screate_simple(4, dims.data(), max_dims.data()), "H5Screate_simple");
  const H5PropList create(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate(dcpl)");
  const auto shape = head_chunk_shape(grid_, options.chunk_target_bytes);
  const std::vector<hsize_t> chunk(shape.begin(), shape.end());
  h5_check(H5Pset_chunk(create, 4, chunk.data()), "H5Pset_chunk");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  h5_check(H5Pset_fill_value(create, H5T_NATIVE_DOUBLE, &nan), "H5Pset_fill_value");
  compressed_ = options.compress && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0;
  if (compressed_) {
    h5_check(H5Pset_shuffle(create), "H5Pset_shuffle");
    h5_check(H5Pset_deflate(create, static_cast<unsigned>(options.deflate_level)), "H5Pset_deflate");
  } else {
    // Every element is written at each output time: skip writing fill values first.
    h5_check(H5Pset_fill_time(create, H5D_FILL_TIME_NEVER), "H5Pset_fill_time");
  }
  head_ = H5Dataset(H5Dcreate2(fields_, "head", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, create, H5P_DEFAULT),
                    "H5Dcreate2(/fields/head)");
  h5::write_attribute(head_, "units", "m");
  h5::write_attribute(head_, "long_name", "hydraulic head");
  h5::write_attribute(head_, "missing", "NaN marks inactive and dry cells");
}

void Hdf5HeadsWriter::create_budget(const std::string& time_units) {
  time_units_ = time_units;
  budget_ = h5::create_group(file_, "budget");
  budget_time_ = h5::Series1D(budget_, "time", time_units_);
  for (const auto name : solver::kBudgetComponentNames) {
    budget_in_.emplace_back(budget_, (std::string(name) + "_in").c_str(), "m3/d");
    budget_out_.emplace_back(budget_, (std::string(name) + "_out").c_str(), "m3/d");
  }
  rejected_ = h5::Series1D(budget_, "flooding_rejected", "m3/d");
  discrepancy_ = h5::Series1D(budget_, "discrepancy_percent", "%");
  pending_budget_.in.resize(solver::kBudgetComponentCount);
  pending_budget_.out.resize(solver::kBudgetComponentCount);
}

void Hdf5HeadsWriter::write_provenance(const Provenance& p) {
  provenance_ = h5::create_group(file_, "provenance");
  const hid_t g = provenance_;
  h5::write_attribute(g, "software", "aquifer");
  h5::write_attribute(g, "software_version", p.build.software_version);
  h5::write_attribute(g, "git_commit", p.build.git_commit);
  h5::write_attribute(g, "petsc_version", p.build.petsc_version);
  h5::write_attribute(g, "petsc_options", p.build.petsc_options);
  h5::write_attribute(g, "linear_solver", p.build.linear_solver);
  h5::write_attribute(g, "mpi_ranks", p.mpi_ranks);
  h5::write_attribute(g, "wall_clock_start_utc", p.wall_start_utc);
  h5::write_attribute(g, "model_name", p.model_name);
  h5::write_attribute(g, "model_start_utc", p.model_start_utc);
  h5::write_attribute(g, "crs", p.crs);
  h5::write_attribute(g, "scenario_path", p.scenario_path);
  h5::write_attribute(g, "scenario_text", p.scenario_text);
  h5::write_attribute(g, "input_files", p.input_files);
  h5::write_attribute(g, "input_sha256", p.input_sha256);
}

void Hdf5HeadsWriter::on_step(const solver::StepRecord& r) {
  auto& b = pending_budget_;
  b.time_d.push_back(r.t_d);
  for (std::size_t c = 0; c < solver::kBudgetComponentCount; ++c) {
    b.in[c].push_back(r.budget.in_m3_per_d[c]);
    b.out[c].push_back(r.budget.out_m3_per_d[c]);
  }
  b.rejected.push_back(r.budget.flooding_rejected_m3_per_d);
  b.discrepancy.push_back(r.budget.discrepancy_percent());
}

void Hdf5HeadsWriter::on_local_heads(double t_d, const solver::LocalHeadsBlock& block) {
  const auto nt = static_cast<hsize_t>(output_times_d_.size());
  const std::vector<hsize_t> dims = {nt + 1, static_cast<hsize_t>(grid_.nlay), static_cast<hsize_t>(grid_.ny),
                                     static_cast<hsize_t>(grid_.nx)};
  h5_check(H5Dset_extent(head_, dims.data()), "H5Dset_extent(/fields/head)");
  const H5Dataspace file_space(H5Dget_space(head_), "H5Dget_space");
  const std::vector<hsize_t> start = {nt, static_cast<hsize_t>(block.layer0), static_cast<hsize_t>(block.row0),
                                      static_cast<hsize_t>(block.col0)};
  const std::vector<hsize_t> count = {1, static_cast<hsize_t>(block.nlay), static_cast<hsize_t>(block.nrow),
                                      static_cast<hsize_t>(block.ncol)};
  const bool empty = block.values_m.empty();
  if (empty) {
    h5_check(H5Sselect_none(file_space), "H5Sselect_none");
  } else {
    h5_check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
             "H5Sselect_hyperslab(/fields/head)");
  }
  const hsize_t one = 1;
  const H5Dataspace mem(empty ? H5Screate_simple(1, &one, nullptr) : H5Screate_simple(4, count.data(), nullptr),
                        "H5Screate_simple");
  if (empty) h5_check(H5Sselect_none(mem), "H5Sselect_none");
  const double dummy = 0.0;
  h5_check(H5Dwrite(head_, H5T_NATIVE_DOUBLE, mem, file_space, transfer_,
                    empty ? &dummy : block.values_m.data()),
           "H5Dwrite(/fields/head)");
  output_times_d_.push_back(t_d);
  field_time_.append({t_d}, is_root_, transfer_);
  flush_series();
}

void Hdf5HeadsWriter::record_observation(const std::string& well_id, double t_d, double head_m) {
  auto it = observation_series_.find(well_id);
  if (it == observation_series_.end()) {
    it = observation_series_.emplace(well_id, ObservationSeries{}).first;
    it->second.well_id = well_id;
  }
  it->second.pending_time_d.push_back(t_d);
  it->second.pending_head_m.push_back(head_m);
}

void Hdf5HeadsWriter::flush_series() {
  auto& b = pending_budget_;
  budget_time_.append(b.time_d, is_root_, transfer_);
  for (std::size_t c = 0; c < solver::kBudgetComponentCount; ++c) {
    budget_in_[c].append(b.in[c], is_root_, transfer_);
    budget_out_[c].append(b.out[c], is_root_, transfer_);
    b.in[c].clear(), b.out[c].clear();
  }
  rejected_.append(b.rejected, is_root_, transfer_);
  discrepancy_.append(b.discrepancy, is_root_, transfer_);
  b.time_d.clear(), b.rejected.clear(), b.discrepancy.clear();
  for (auto& [id, s] : observation_series_) {  // std::map: the same order on every rank
    if (!s.group.valid()) {
      std::string name = id;
      std::replace(name.begin(), name.end(), '/', '_');
      if (H5Lexists(observations_, name.c_str(), H5P_DEFAULT) > 0) {  // a restarted run
        s.group = h5::open_group(observations_, name.c_str());
        s.time = h5::Series1D::open(s.group, "time");
        s.head = h5::Series1D::open(s.group, "simulated_head");
      } else {
        s.group = h5::create_group(observations_, name.c_str());
        h5::write_attribute(s.group, "well_id", id);
        s.time = h5::Series1D(s.group, "time", time_units_);
        s.head = h5::Series1D(s.group, "simulated_head", "m");
      }
    }
    s.time.append(s.pending_time_d, is_root_, transfer_);
    s.head.append(s.pending_head_m, is_root_, transfer_);
    s.pending_time_d.clear(), s.pending_head_m.clear();
  }
}

void Hdf5HeadsWriter::close_all() {
  observation_series_.clear();
  budget_in_.clear(), budget_out_.clear();
  field_time_ = {}, budget_time_ = {}, rejected_ = {}, discrepancy_ = {};
  head_.reset(), fields_.reset(), budget_.reset(), observations_.reset(), provenance_.reset();
  transfer_.reset();
  file_.reset();
}

void Hdf5HeadsWriter::commit(const std::string& wall_end_utc) {
  if (committed_) return;
  flush_series();
  h5::write_attribute(provenance_, "wall_clock_end_utc", wall_end_utc);
  observation_series_.clear();
  budget_in_.clear(), budget_out_.clear();
  field_time_ = {}, budget_time_ = {}, rejected_ = {}, discrepancy_ = {};
  head_.close("H5Dclose(/fields/head)");
  fields_.reset(), budget_.reset(), observations_.reset(), provenance_.reset(), transfer_.reset();
  file_.close(("H5Fclose(" + temp_path_ + ")").c_str());
  const bool renamed = rename_collectively(temp_path_, final_path_, comm_);
  committed_ = true;
  if (!renamed) throw Hdf5Error("cannot rename " + temp_path_ + " to " + final_path_);
}

}  // namespace aquifer::output
