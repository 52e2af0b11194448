#include "output/hdf5_support.hpp"


namespace aquifer::output::h5 {

namespace {

constexpr hsize_t kSeriesChunk = 512;  // elements per chunk of a growing 1D series

H5Datatype utf8_string_type() {
  H5Datatype t(H5Tcopy(H5T_C_S1), "H5Tcopy");
  h5_check(H5Tset_size(t, H5T_VARIABLE), "H5Tset_size");
  h5_check(H5Tset_cset(t, H5T_CSET_UTF8), "H5Tset_cset");
  return t;
}

void write_attribute_raw(hid_t object, const char* name, hid_t type, hid_t space, const void* value) {
  H5Attribute a(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), name);
  h5_check(H5Awrite(a, type, value), name);
}

// Selects `count` elements from `start` in `file_space` on the writer, nothing elsewhere, and
// returns the matching memory space.
H5Dataspace select_for_writer(hid_t file_space, const std::vector<hsize_t>& start,
                              const std::vector<hsize_t>& count, bool is_writer) {
  hsize_t n = 1;
  for (hsize_t c : count) n *= c;
  if (!is_writer || n == 0) {
    h5_check(H5Sselect_none(file_space), "H5Sselect_none");
    const hsize_t one = 1;
    H5Dataspace mem(H5Screate_simple(1, &one, nullptr), "H5Screate_simple");
    h5_check(H5Sselect_none(mem), "H5Sselect_none");
    return mem;
  }
  h5_check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
           "H5Sselect_hyperslab");
  return H5Dataspace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr),
                     "H5Screate_simple");
}

}  // namespace

H5PropList collective_transfer() {
  H5PropList p(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate(xfer)");
  h5_check(H5Pset_dxpl_mpio(p, H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
  return p;
}

void write_attribute(hid_t object, const char* name, std::string_view value) {
  const H5Datatype type = utf8_string_type();
  const H5Dataspace space(H5Screate(H5S_SCALAR), "H5Screate");
  const std::string text(value);
  const char* ptr = text.c_str();
  write_attribute_raw(object, name, type, space, &ptr);
}

void write_attribute(hid_t object, const char* name, double value) {
  const H5Dataspace space(H5Screate(H5S_SCALAR), "H5Screate");
  write_attribute_raw(object, name, H5T_NATIVE_DOUBLE, space, &value);
}

void write_attribute(hid_t object, const char* name, int value) {
  const H5Dataspace space(H5Screate(H5S_SCALAR), "H5Screate");
  write_attribute_raw(object, name, H5T_NATIVE_INT, space, &value);
}

void write_attribute(hid_t object, const char* name, const std::vector<std::string>& values) {
  const H5Datatype type = utf8_string_type();
  const hsize_t n = values.size();
  const H5Dataspace space(H5Screate_simple(1, &n, nullptr), "H5Screate_simple");
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const auto& v : values) ptrs.push_back(v.c_str());
  const char* empty = "";
  write_attribute_raw(object, name, type, space, ptrs.empty() ? &empty : ptrs.data());
}

H5Group open_group(hid_t parent, const char* name) {
  return H5Group(H5Gopen2(parent, name, H5P_DEFAULT), name);
}

H5Group create_group(hid_t parent, const char* name) {
  return H5Group(H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), name);
}

void write_whole_dataset(hid_t parent, const char* name, const std::vector<hsize_t>& dims,
                         hid_t type, const void* values, bool is_writer, hid_t transfer) {
  const int rank = static_cast<int>(dims.size());
  const H5Dataspace file_space(H5Screate_simple(rank, dims.data(), nullptr), "H5Screate_simple");
  const H5Dataset d(H5Dcreate2(parent, name, type, file_space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                    name);
  const std::vector<hsize_t> start(dims.size(), 0);
  const H5Dataspace mem = select_for_writer(file_space, start, dims, is_writer);
  const double dummy = 0.0;
  h5_check(H5Dwrite(d, type, mem, file_space, transfer, is_writer ? values : &dummy), name);
}

Series1D::Series1D(hid_t parent, const char* name, std::string_view units) {
  const hsize_t zero = 0, unlimited = H5S_UNLIMITED;
  const H5Dataspace space(H5Screate_simple(1, &zero, &unlimited), "H5Screate_simple");
  const H5PropList create(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate(dcpl)");
  h5_check(H5Pset_chunk(create, 1, &kSeriesChunk), "H5Pset_chunk");
  dataset_ = H5Dataset(H5Dcreate2(parent, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, create, H5P_DEFAULT),
                       name);
  if (!units.empty()) write_attribute(dataset_, "units", units);
}

Series1D Series1D::open(hid_t parent, const char* name) {
  Series1D s;
  s.dataset_ = H5Dataset(H5Dopen2(parent, name, H5P_DEFAULT), name);
  const H5Dataspace space(H5Dget_space(s.dataset_), "H5Dget_space");
  hsize_t n = 0;
  h5_check(H5Sget_simple_extent_dims(space, &n, nullptr), "H5Sget_simple_extent_dims");
  s.size_ = n;
  return s;
}

std::vector<double> Series1D::read_all() const {
  std::vector<double> v(static_cast<std::size_t>(size_));
  if (!v.empty())
    h5_check(H5Dread(dataset_, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "H5Dread(series)");
  return v;
}

void Series1D::append(const std::vector<double>& values, bool is_writer, hid_t transfer) {
  if (values.empty()) return;
  const hsize_t new_size = size_ + values.size();
  h5_check(H5Dset_extent(dataset_, &new_size), "H5Dset_extent(series)");
  const H5Dataspace file_space(H5Dget_space(dataset_), "H5Dget_space");
  const H5Dataspace mem = select_for_writer(file_space, {size_}, {values.size()}, is_writer);
  h5_check(H5Dwrite(dataset_, H5T_NATIVE_DOUBLE, mem, file_space, transfer, values.data()),
           "H5Dwrite(series)");
  size_ = new_size;
}

}  // namespace aquifer::output::h5
