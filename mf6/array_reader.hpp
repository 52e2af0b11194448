// Grid arrays as the MF6 input/output guide defines them ("Array input"):
//   NAME [LAYERED]
//     CONSTANT <value>
//     INTERNAL [FACTOR <f>] [IPRN <i>]          followed by the values
//     OPEN/CLOSE <file> [FACTOR <f>] [(BINARY)] [IPRN <i>]
// LAYERED: one control record (and its values) per layer. Values are read as Fortran
// list-directed reads: one read per row for two-dimensional data (the row starts on a new
// line and may continue over several; text after the last value of a row is ignored), one
// read for a whole one-dimensional or non-layered three-dimensional array; `r*v` repeats v
// r times. Binary files hold MF6's header record (kstp, kper, pertim, totim, text, ncol,
// nrow, ilay) before each layer of float64 (or int32) values.
#pragma once

#include <cstddef>
#include <vector>

#include "mf6/block_file.hpp"

namespace aquifer::mf6 {

// Walks the lines of one block; array and list readers advance it.
struct BlockCursor final {
  const Block* block = nullptr;
  std::size_t index = 0;
  [[nodiscard]] bool done() const { return index >= block->lines.size(); }
  [[nodiscard]] const Line& line() const { return block->lines[index]; }
};

// Shape of the array to read: ncol only (DELR), nrow x ncol (TOP, RECHARGE), or
// nlay x nrow x ncol (BOTM, K, ...). Values come back in MF6 order: layer, row, column.
struct ArrayShape final {
  int nlay = 0;  // 0 for one- and two-dimensional arrays
  int nrow = 0;  // 0 for one-dimensional arrays
  int ncol = 0;
  [[nodiscard]] std::size_t size() const;
};

// The cursor stands on the line that names the array (its first token is the name, an
// optional LAYERED follows); returns with the cursor on the line after the array.
std::vector<double> read_double_array(BlockCursor& cursor, const ArrayShape& shape);
std::vector<int> read_int_array(BlockCursor& cursor, const ArrayShape& shape);

}  // namespace aquifer::mf6
