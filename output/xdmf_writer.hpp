// heads.xmf: an XDMF 3 sidecar that makes heads.h5 open in ParaView (and VisIt) as a time
// series of a 3D rectilinear grid with the head as cell data.
//
// Geometry: 3DRectMesh with VXVYVZ node coordinates: x and y are the cell edges
// (x0 + i dx, y0 + j dy), z the layer interfaces. A rectilinear grid has one z per interface,
// while the real layer surfaces vary from column to column, so z is the mean over active cells
// of each interface elevation (top of layer 1, bottoms of every layer) — a display
// approximation; the exact surfaces are /grid/top and /grid/bottom. z decreases with the layer
// index (layer 1 on top), matching the [layer][y][x] order of the arrays. Node coordinates are
// stored in heads.h5 as /grid/x_nodes, /grid/y_nodes, /grid/z_nodes.
#pragma once

#include <string>
#include <vector>

#include "solver/model.hpp"

namespace aquifer::output {

struct GridNodes final {
  std::vector<double> x_m;  // nx + 1 cell edges, increasing
  std::vector<double> y_m;  // ny + 1 cell edges, increasing (south to north)
  std::vector<double> z_m;  // nlay + 1 interfaces, strictly decreasing (top down)
};

// Node coordinates as described above. Interfaces without any active cell, or that would
// not decrease strictly, are placed 1 m below the one above.
[[nodiscard]] GridNodes grid_nodes(const solver::Model& model);

// Writes the sidecar atomically (rank 0 only; no MPI). h5_name is heads.h5's name relative
// to the .xmf file; times_d are the /fields/time values (days since start).
// Adds /xdmf/head_NNNNN to a complete heads.h5: one virtual dataset per output time, each
// mapping a [nlay, ny, nx] slab of /fields/head (what heads.xmf references).
void add_time_slices(const std::string& h5_path, std::size_t nt, const solver::GridGeometry& grid);

void write_xdmf(const std::string& path, const std::string& h5_name, const solver::GridGeometry& grid,
                const std::vector<double>& times_d);

}  // namespace aquifer::output
