// Small HDF5 building blocks shared by the heads.h5 writer: attributes, whole datasets written
// by one rank inside a collective call, and 1D series that grow in time. Every function here
// is collective in a file opened for parallel I/O: call it on every rank with the same
// arguments (only the data of the writing rank is used).
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "output/hdf5_handles.hpp"

namespace aquifer::output::h5 {

// Transfer property list for collective MPI-IO (H5FD_MPIO_COLLECTIVE).
[[nodiscard]] H5PropList collective_transfer();

// Attributes on a group or dataset. Strings are variable-length UTF-8 (h5py reads them as str).
void write_attribute(hid_t object, const char* name, std::string_view value);
void write_attribute(hid_t object, const char* name, double value);
void write_attribute(hid_t object, const char* name, int value);
void write_attribute(hid_t object, const char* name, const std::vector<std::string>& values);

[[nodiscard]] H5Group create_group(hid_t parent, const char* name);
[[nodiscard]] H5Group open_group(hid_t parent, const char* name);

// Creates a fixed-size dataset of shape `dims` and writes `values` (row-major, product of dims
// elements) from the rank where `is_writer` is true; the other ranks take part with an empty
// selection. `type` is the memory and file type (H5T_NATIVE_DOUBLE, H5T_NATIVE_INT8, ...).
void write_whole_dataset(hid_t parent, const char* name, const std::vector<hsize_t>& dims,
                         hid_t type, const void* values, bool is_writer, hid_t transfer);

// A 1D float64 dataset with an unlimited dimension, appended to as the run goes.
class Series1D final {
 public:
  Series1D() = default;
  // Creates `name` under `parent` with length 0; `units` becomes the units attribute.
  Series1D(hid_t parent, const char* name, std::string_view units);
  // Opens an existing series (restart); size() is its current length.
  [[nodiscard]] static Series1D open(hid_t parent, const char* name);
  // Reads the whole series (every rank reads, independently).
  [[nodiscard]] std::vector<double> read_all() const;
  // Appends values (same values on every rank; the writer rank's are written).
  void append(const std::vector<double>& values, bool is_writer, hid_t transfer);
  [[nodiscard]] hid_t id() const { return dataset_.get(); }
  [[nodiscard]] hsize_t size() const { return size_; }

 private:
  H5Dataset dataset_;
  hsize_t size_ = 0;
};

}  // namespace aquifer::output::h5
