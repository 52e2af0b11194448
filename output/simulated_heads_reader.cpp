#include "output/simulated_heads_reader.hpp"

#include <hdf5.h>

#include <filesystem>
#include <optional>
#include <stdexcept>

#include "output/hdf5_handles.hpp"
#include "params/calendar.hpp"

namespace aquifer::output {
namespace {

std::vector<double> read_vector(hid_t group, const char* name, const std::string& what) {
  if (H5Lexists(group, name, H5P_DEFAULT) <= 0) throw std::runtime_error(what + ": no dataset " + name);
  H5Handle<H5Dclose> d(H5Dopen2(group, name, H5P_DEFAULT), name);
  H5Handle<H5Sclose> space(H5Dget_space(d), name);
  if (H5Sget_simple_extent_ndims(space) != 1) throw std::runtime_error(what + ": " + name + " is not 1-D");
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  std::vector<double> v(n);
  if (n > 0) h5_check(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), name);
  return v;
}

// A string attribute of `object`, or nullopt when it has none.
std::optional<std::string> string_attribute(hid_t object, const char* name, const std::string& what) {
  if (H5Aexists(object, name) <= 0) return std::nullopt;
  H5Handle<H5Aclose> a(H5Aopen(object, name, H5P_DEFAULT), name);
  H5Handle<H5Tclose> type(H5Aget_type(a), (what + " " + name + " type").c_str());
  std::string text;
  if (H5Tis_variable_str(type) > 0) {
    char* s = nullptr;
    H5Handle<H5Tclose> mem(H5Tget_native_type(type, H5T_DIR_ASCEND), name);
    h5_check(H5Aread(a, mem, &s), name);
    text = s ? s : "";
    H5free_memory(s);
  } else {
    text.resize(H5Tget_size(type));
    h5_check(H5Aread(a, type, text.data()), name);
    text = text.c_str();
  }
  return text;
}

// Epoch of "days since <ISO time>" in the dataset's units attribute.
double time_origin(hid_t group, const std::string& what) {
  H5Handle<H5Dclose> d(H5Dopen2(group, "time", H5P_DEFAULT), "time");
  const auto text = string_attribute(d, "units", what + "/time");
  if (!text) throw std::runtime_error(what + "/time: no units attribute");
  const std::string prefix = "days since ";
  const auto t = text->rfind(prefix, 0) == 0 ? params::parse_iso8601(text->substr(prefix.size()))
                                            : std::nullopt;
  if (!t) throw std::runtime_error(what + "/time: units \"" + *text + "\", expected \"days since <ISO time>\"");
  return t->epoch_d;
}

}  // namespace

std::map<std::string, SimulatedHeads> read_simulated_heads(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) {
    throw std::runtime_error("cannot open the simulation file; expected a heads.h5 written by aquifer run");
  }
  H5Handle<H5Fclose> file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT),
                          ("H5Fopen(" + path + ")").c_str());
  if (H5Lexists(file, "observations", H5P_DEFAULT) <= 0) {
    throw std::runtime_error(path + ": no /observations group (the run had no observation wells)");
  }
  H5Handle<H5Gclose> obs(H5Gopen2(file, "observations", H5P_DEFAULT), "/observations");
  H5G_info_t info{};
  h5_check(H5Gget_info(obs, &info), "/observations");
  std::map<std::string, SimulatedHeads> out;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t len = H5Lget_name_by_idx(obs, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    std::string name(static_cast<std::size_t>(len), '\0');
    H5Lget_name_by_idx(obs, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT);
    const std::string what = path + ":/observations/" + name;
    H5Handle<H5Gclose> g(H5Gopen2(obs, name.c_str(), H5P_DEFAULT), what.c_str());
    SimulatedHeads s;
    s.t_d = read_vector(g, "time", what);
    s.head_m = read_vector(g, "simulated_head", what);
    if (s.t_d.size() != s.head_m.size()) throw std::runtime_error(what + ": time and simulated_head differ in length");
    s.t_since_start_d = s.t_d;
    const double origin = time_origin(g, what);
    for (double& t : s.t_d) t += origin;
    out[string_attribute(g, "well_id", what).value_or(name)] = std::move(s);
  }
  return out;
}

}  // namespace aquifer::output
