#include "compliance/run_results.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "output/hdf5_handles.hpp"

namespace aquifer::compliance {

namespace {

double number(const std::string& text, const std::string& where) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || std::isnan(v))
    throw ResultsError(where + ": \"" + text + "\" is not a number");
  return v;
}

std::ifstream open(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ResultsError(path + ": cannot read; expected the file a finished `aquifer run` wrote");
  return in;
}

}  // namespace

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

void read_accounting(const std::string& path, double start_epoch_d, const FiscalYearStart& start,
                     RunResults& out) {
  auto in = open(path);
  std::string line;
  const std::string header = "time_d,date,dt_d,kind,id,owner,requested_m3,actual_m3,rejected_m3";
  if (!std::getline(in, line) || line.rfind(header, 0) != 0)
    throw ResultsError(path + ":1: expected the header " + header);
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(n);
    const auto f = split_csv_line(line);
    if (f.size() < 9) throw ResultsError(where + ": expected 9 columns, got " + std::to_string(f.size()));
    const double t1 = number(f[0], where), dt = number(f[2], where);
    const double actual = number(f[7], where), rejected = number(f[8], where);
    if (!out.has_steps) out.first_t_d = t1 - dt;
    out.has_steps = true;
    out.last_t_d = std::max(out.last_t_d, t1);
    const double t0_epoch = start_epoch_d + t1 - dt, t1_epoch = start_epoch_d + t1;
    if (f[3] == "well") {
      // Extraction is positive; an injecting well (negative) does not reduce it.
      add_spread(t0_epoch, t1_epoch, std::max(0.0, actual), start, out.volumes.well_extraction_m3[f[4]]);
    } else if (f[3] == "owner_flooding") {
      add_spread(t0_epoch, t1_epoch, actual, start, out.volumes.flooding_accepted_m3[f[4]]);
      add_spread(t0_epoch, t1_epoch, rejected, start, out.volumes.flooding_rejected_m3[f[4]]);
    }
  }
  out.files.push_back(path);
}

void read_budget(const std::string& path, RunResults& out) {
  auto in = open(path);
  std::string line;
  if (!std::getline(in, line)) throw ResultsError(path + ":1: empty file; expected a header");
  const auto names = split_csv_line(line);
  if (names.size() < 3 || names[0] != "time_d" || names[1] != "date")
    throw ResultsError(path + ":1: expected a header starting time_d,date");
  std::vector<double> totals(names.size(), 0.0);
  double previous_t = 0.0;
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(n);
    const auto f = split_csv_line(line);
    if (f.size() != names.size())
      throw ResultsError(where + ": expected " + std::to_string(names.size()) + " columns");
    const double t = number(f[0], where);
    const double dt = std::max(0.0, t - previous_t);
    previous_t = t;
    for (std::size_t c = 2; c < f.size(); ++c) totals[c] += number(f[c], where) * dt;
  }
  out.budget_days = previous_t;
  const std::string in_suffix = "_in_m3_per_d", out_suffix = "_out_m3_per_d";
  for (std::size_t c = 2; c < names.size(); ++c) {
    const std::string& name = names[c];
    if (name.size() > in_suffix.size() && name.ends_with(in_suffix)) {
      out.budget.push_back({name.substr(0, name.size() - in_suffix.size()), totals[c], 0.0});
    } else if (name.size() > out_suffix.size() && name.ends_with(out_suffix) && !out.budget.empty()) {
      out.budget.back().out_m3 = totals[c];
    } else if (name == "flooding_rejected_m3_per_d") {
      out.budget.push_back({"flooding_rejected", 0.0, totals[c]});
    }
  }
  out.files.push_back(path);
}

namespace {

std::vector<double> read_vector(hid_t file, const char* name) {
  output::H5Dataset set(H5Dopen2(file, name, H5P_DEFAULT), name);
  output::H5Dataspace space(H5Dget_space(set.get()), name);
  const auto n = H5Sget_simple_extent_npoints(space.get());
  std::vector<double> v(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
  if (!v.empty() && H5Dread(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
    throw ResultsError(std::string("cannot read ") + name);
  return v;
}

// Block means of the finite values: a coarse map that stays small inside the report.
HeadMap downsample(const std::vector<double>& full, int nx, int ny, int max_cells) {
  const int step = std::max({1, (nx + max_cells - 1) / max_cells, (ny + max_cells - 1) / max_cells});
  HeadMap m;
  m.nx = (nx + step - 1) / step;
  m.ny = (ny + step - 1) / step;
  m.head_m.assign(static_cast<std::size_t>(m.nx) * m.ny, std::nan(""));
  for (int j = 0; j < m.ny; ++j)
    for (int i = 0; i < m.nx; ++i) {
      double sum = 0.0;
      int count = 0;
      for (int jj = j * step; jj < std::min(ny, (j + 1) * step); ++jj)
        for (int ii = i * step; ii < std::min(nx, (i + 1) * step); ++ii) {
          const double h = full[static_cast<std::size_t>(jj) * nx + ii];
          if (std::isfinite(h)) sum += h, ++count;
        }
      if (count > 0) m.head_m[static_cast<std::size_t>(j) * m.nx + i] = sum / count;
    }
  return m;
}

}  // namespace

HeadMap read_head_map(const std::string& path, int max_cells) {
  try {
    output::H5File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), path.c_str());
    const auto x = read_vector(file.get(), "/grid/x");
    const auto y = read_vector(file.get(), "/grid/y");
    const auto times = read_vector(file.get(), "/fields/time");
    if (x.empty() || y.empty() || times.empty()) throw ResultsError(path + ": no head fields");
    output::H5Dataset set(H5Dopen2(file.get(), "/fields/head", H5P_DEFAULT), "/fields/head");
    output::H5Dataspace space(H5Dget_space(set.get()), "/fields/head");
    hsize_t dims[4] = {0, 0, 0, 0};
    if (H5Sget_simple_extent_ndims(space.get()) != 4) throw ResultsError(path + ": /fields/head is not 4-D");
    H5Sget_simple_extent_dims(space.get(), dims, nullptr);
    const int ny = static_cast<int>(dims[2]), nx = static_cast<int>(dims[3]);
    const hsize_t offset[4] = {dims[0] - 1, 0, 0, 0}, count[4] = {1, 1, dims[2], dims[3]};
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, offset, nullptr, count, nullptr);
    output::H5Dataspace memory(H5Screate_simple(4, count, nullptr), "memory space");
    std::vector<double> top(static_cast<std::size_t>(nx) * ny);
    if (H5Dread(set.get(), H5T_NATIVE_DOUBLE, memory.get(), space.get(), H5P_DEFAULT, top.data()) < 0)
      throw ResultsError(path + ": cannot read /fields/head");
    HeadMap m = downsample(top, nx, ny, max_cells);
    m.x_min_m = x.front(), m.x_max_m = x.back(), m.y_min_m = y.front(), m.y_max_m = y.back();
    m.time_d = times.back();
    return m;
  } catch (const output::Hdf5Error& e) {
    throw ResultsError(path + ": " + e.what());
  }
}

RunResults read_run_results(const std::string& dir, double start_epoch_d,
                            const FiscalYearStart& start) {
  namespace fs = std::filesystem;
  RunResults out;
  read_accounting((fs::path(dir) / "accounting.csv").string(), start_epoch_d, start, out);
  read_budget((fs::path(dir) / "budget.csv").string(), out);
  const auto h5 = (fs::path(dir) / "heads.h5").string();
  if (fs::exists(h5)) {
    out.heads = read_head_map(h5, 60);
    out.files.push_back(h5);
  }
  return out;
}

}  // namespace aquifer::compliance
