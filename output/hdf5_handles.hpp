// Move-only owners of HDF5 identifiers (file, group, dataset, dataspace, property list,
// attribute, datatype) and the error type every HDF5 failure becomes. Destructors close and
// never throw. In a file opened for parallel I/O, closing a file or dataset is collective: the
// owners must be destroyed on every rank in the same order (they are, when the writer that
// holds them is destroyed on every rank).
#pragma once

#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace aquifer::output {

// An HDF5 call failed; the message names the call and the file.
class Hdf5Error final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws Hdf5Error when an HDF5 call returned a negative status or an invalid identifier.
inline hid_t h5_check_id(hid_t id, const char* what) {
  if (id < 0) throw Hdf5Error(std::string("HDF5: ") + what + " failed");
  return id;
}
inline void h5_check(herr_t status, const char* what) {
  if (status < 0) throw Hdf5Error(std::string("HDF5: ") + what + " failed");
}

// Owner of one identifier; Close is the H5?close function of its kind.
template <herr_t (*Close)(hid_t)>
class H5Handle final {
 public:
  H5Handle() = default;
  // Takes ownership of id; throws Hdf5Error (naming `what`) when id is invalid.
  H5Handle(hid_t id, const char* what) : id_(h5_check_id(id, what)) {}
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  H5Handle(H5Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  H5Handle& operator=(H5Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~H5Handle() { reset(); }

  [[nodiscard]] hid_t get() const { return id_; }
  operator hid_t() const { return id_; }  // NOLINT: reads like the C API it wraps
  [[nodiscard]] bool valid() const { return id_ >= 0; }
  // Closes now and reports failure (a destructor cannot).
  void close(const char* what) {
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    if (id >= 0) h5_check(Close(id), what);
  }
  void reset() noexcept {
    if (id_ >= 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using H5File = H5Handle<H5Fclose>;
using H5Group = H5Handle<H5Gclose>;
using H5Dataset = H5Handle<H5Dclose>;
using H5Dataspace = H5Handle<H5Sclose>;
using H5PropList = H5Handle<H5Pclose>;
using H5Attribute = H5Handle<H5Aclose>;
using H5Datatype = H5Handle<H5Tclose>;

}  // namespace aquifer::output
