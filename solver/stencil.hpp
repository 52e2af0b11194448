// The 7-point stencil of the cell-centred grid, shared by the assembly and its set-up.
#pragma once

namespace aquifer::solver::stencil {

inline constexpr int kNeighbourCount = 6;
// Neighbour offsets (di, dj, dk): west, east, south, north, up (layer above), down.
inline constexpr int kOffsets[kNeighbourCount][3] = {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0},
                                                     {0, 1, 0},  {0, 0, -1}, {0, 0, 1}};

}  // namespace aquifer::solver::stencil
