#include "output/xdmf_writer.hpp"

#include "output/hdf5_handles.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include "output/atomic_file.hpp"

namespace aquifer::output {

namespace {

// Mean of values[layer] over active cells whose value is finite; NaN when there is none.
double layer_mean(const std::vector<double>& values, const solver::Model& m, int layer) {
  const auto& g = m.grid;
  double sum = 0.0;
  long long n = 0;
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) {
      const auto c = static_cast<std::size_t>(g.index(layer, j, i));
      if (m.properties.active[c] == 0 || !std::isfinite(values[c])) continue;
      sum += values[c];
      ++n;
    }
  return n > 0 ? sum / static_cast<double>(n) : std::nan("");
}

void write_hdf_item(std::FILE* f, const char* indent, const std::string& dims, const char* type,
                    int precision, const std::string& h5_name, const char* dataset) {
  std::fprintf(f, "%s<DataItem Dimensions=\"%s\" NumberType=\"%s\" Precision=\"%d\" Format=\"HDF\">%s:%s</DataItem>\n",
               indent, dims.c_str(), type, precision, h5_name.c_str(), dataset);
}

// "/xdmf/head_00012": the head field of output time 12 as its own (virtual) dataset.
std::string time_slice_name(std::size_t it) {
  char name[64];
  std::snprintf(name, sizeof name, "/xdmf/head_%05zu", it);
  return name;
}

void write_time_grid(std::FILE* f, const std::string& h5_name, const solver::GridGeometry& g,
                     std::size_t it, std::size_t nt, double t_d) {
  const std::string cells = std::to_string(g.nlay) + " " + std::to_string(g.ny) + " " + std::to_string(g.nx);
  const std::string nodes =
      std::to_string(g.nlay + 1) + " " + std::to_string(g.ny + 1) + " " + std::to_string(g.nx + 1);
  std::fprintf(f, "      <Grid Name=\"heads_%zu\" GridType=\"Uniform\">\n", it);
  std::fprintf(f, "        <Time Value=\"%.17g\"/>\n", t_d);
  // 3DSMesh with explicit node coordinates: the same rectilinear geometry, but ParaView 5.11
  // reads cell data of a 3DRectMesh wrongly (only the first layer) and of a 3DSMesh correctly.
  std::fprintf(f, "        <Topology TopologyType=\"3DSMesh\" Dimensions=\"%s\"/>\n", nodes.c_str());
  std::fprintf(f, "        <Geometry GeometryType=\"XYZ\">\n");
  write_hdf_item(f, "          ", nodes + " 3", "Float", 8, h5_name, "/xdmf/xyz_nodes");
  std::fprintf(f, "        </Geometry>\n");
  std::fprintf(f, "        <Attribute Name=\"head\" AttributeType=\"Scalar\" Center=\"Cell\">\n");
  write_hdf_item(f, "          ", cells, "Float", 8, h5_name, time_slice_name(it).c_str());
  std::fprintf(f, "        </Attribute>\n");
  std::fprintf(f, "        <Attribute Name=\"active\" AttributeType=\"Scalar\" Center=\"Cell\">\n");
  write_hdf_item(f, "          ", cells, "Char", 1, h5_name, "/grid/active");
  std::fprintf(f, "        </Attribute>\n");
  std::fprintf(f, "      </Grid>\n");
}

}  // namespace

// Reads a 1-D float64 dataset.
static std::vector<double> read_vector(hid_t file, const char* name) {
  H5Handle<H5Dclose> d(H5Dopen2(file, name, H5P_DEFAULT), name);
  H5Handle<H5Sclose> space(H5Dget_space(d), name);
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  h5_check(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), name);
  return v;
}

// /xdmf/xyz_nodes [nlay+1, ny+1, nx+1, 3]: every grid node's x, y, z from /grid/*_nodes.
static void write_node_coordinates(hid_t file) {
  const auto x = read_vector(file, "/grid/x_nodes");
  const auto y = read_vector(file, "/grid/y_nodes");
  const auto z = read_vector(file, "/grid/z_nodes");
  std::vector<double> xyz;
  xyz.reserve(x.size() * y.size() * z.size() * 3);
  for (double zk : z)
    for (double yj : y)
      for (double xi : x) xyz.insert(xyz.end(), {xi, yj, zk});
  const hsize_t dims[4] = {z.size(), y.size(), x.size(), 3};
  H5Handle<H5Sclose> space(H5Screate_simple(4, dims, nullptr), "xyz_nodes space");
  H5Handle<H5Dclose> d(H5Dcreate2(file, "/xdmf/xyz_nodes", H5T_IEEE_F64LE, space, H5P_DEFAULT,
                                  H5P_DEFAULT, H5P_DEFAULT),
                       "create /xdmf/xyz_nodes");
  h5_check(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, xyz.data()), "write xyz_nodes");
  d.close("close /xdmf/xyz_nodes");
}

void add_time_slices(const std::string& h5_path, std::size_t nt, const solver::GridGeometry& g) {
  // ParaView's XDMF readers do not read a hyperslab of a 4-D dataset correctly (the legacy
  // reader fills all but the first layer with 0, the Xdmf3 readers skip the array), so every
  // output time gets a virtual dataset that maps one [nlay, ny, nx] slab of /fields/head: no
  // data is copied, and "." keeps the mapping valid when the file is renamed.
  H5Handle<H5Fclose> file(H5Fopen(h5_path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open heads.h5 for XDMF slices");
  H5Handle<H5Gclose> group(H5Gcreate2(file, "/xdmf", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "create /xdmf");
  const hsize_t slab[3] = {static_cast<hsize_t>(g.nlay), static_cast<hsize_t>(g.ny), static_cast<hsize_t>(g.nx)};
  const hsize_t full[4] = {static_cast<hsize_t>(nt), slab[0], slab[1], slab[2]};
  write_node_coordinates(file);
  H5Handle<H5Sclose> virtual_space(H5Screate_simple(3, slab, nullptr), "XDMF slice space");
  for (std::size_t it = 0; it < nt; ++it) {
    H5Handle<H5Sclose> source(H5Screate_simple(4, full, nullptr), "head space");
    const hsize_t start[4] = {static_cast<hsize_t>(it), 0, 0, 0};
    const hsize_t count[4] = {1, slab[0], slab[1], slab[2]};
    h5_check(H5Sselect_hyperslab(source, H5S_SELECT_SET, start, nullptr, count, nullptr), "select time slab");
    H5Handle<H5Pclose> dcpl(H5Pcreate(H5P_DATASET_CREATE), "slice properties");
    h5_check(H5Pset_virtual(dcpl, virtual_space, ".", "/fields/head", source), "map time slab");
    const double fill = std::nan("");
    h5_check(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fill), "slice fill value");
    H5Handle<H5Dclose> slice(H5Dcreate2(file, time_slice_name(it).c_str(), H5T_IEEE_F64LE, virtual_space,
                                        H5P_DEFAULT, dcpl, H5P_DEFAULT),
                             "create XDMF slice");
    slice.close("close XDMF slice");
  }
  group.close("close /xdmf");
  file.close("close heads.h5");
}

GridNodes grid_nodes(const solver::Model& m) {
  const auto& g = m.grid;
  GridNodes nodes{g.x_edges(), g.y_edges(), {}};
  nodes.z_m.resize(static_cast<std::size_t>(g.nlay) + 1);
  nodes.z_m[0] = g.nlay > 0 ? layer_mean(m.properties.top_m, m, 0) : 0.0;
  if (!std::isfinite(nodes.z_m[0])) nodes.z_m[0] = 0.0;
  for (int k = 0; k < g.nlay; ++k) {
    const double above = nodes.z_m[static_cast<std::size_t>(k)];
    const double z = layer_mean(m.properties.bottom_m, m, k);
    nodes.z_m[static_cast<std::size_t>(k) + 1] = std::isfinite(z) && z < above ? z : above - 1.0;
  }
  return nodes;
}

void write_xdmf(const std::string& path, const std::string& h5_name, const solver::GridGeometry& grid,
                const std::vector<double>& times_d) {
  AtomicFile file(path);
  std::FILE* f = file.stream();
  std::fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
  std::fputs("<Xdmf xmlns:xi=\"http://www.w3.org/2001/XInclude\" Version=\"3.0\">\n  <Domain>\n", f);
  std::fputs("    <Grid Name=\"heads\" GridType=\"Collection\" CollectionType=\"Temporal\">\n", f);
  for (std::size_t it = 0; it < times_d.size(); ++it)
    write_time_grid(f, h5_name, grid, it, times_d.size(), times_d[it]);
  std::fputs("    </Grid>\n  </Domain>\n</Xdmf>\n", f);
  file.commit();
}

}  // namespace aquifer::output
