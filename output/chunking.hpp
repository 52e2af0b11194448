// Chunk shape of the head field in heads.h5 and heads.nc: one output time, one layer, whole
// rows (west to east) up to about target_bytes, so that a chunk is written by few ranks and
// a map of one layer at one time reads few chunks.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

#include "solver/model.hpp"

namespace aquifer::output {

// {time, layer, rows, cols} of one chunk.
[[nodiscard]] inline std::array<std::size_t, 4> head_chunk_shape(const solver::GridGeometry& g,
                                                                 std::size_t target_bytes) {
  const std::size_t max_values = std::max<std::size_t>(1, target_bytes / sizeof(double));
  const auto nx = static_cast<std::size_t>(std::max(g.nx, 1));
  const auto ny = static_cast<std::size_t>(std::max(g.ny, 1));
  const std::size_t cols = std::min(nx, max_values);
  const std::size_t rows = std::clamp<std::size_t>(max_values / cols, 1, ny);
  return {1, 1, rows, cols};
}

}  // namespace aquifer::output
