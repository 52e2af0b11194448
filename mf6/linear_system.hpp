// Sparse linear system J x = r for one outer iteration, solved with PETSc on one process
// (every rank holds the whole MF6 model; the models this importer targets are small).
#pragma once

#include <cstddef>
#include <map>
#include <vector>

namespace aquifer::mf6 {

class SparseRows final {
 public:
  explicit SparseRows(std::size_t n) : rows_(n) {}
  void add(std::size_t row, std::size_t col, double value) { rows_[row][col] += value; }
  void set_identity_row(std::size_t row) { rows_[row].clear(); rows_[row][row] = 1.0; }
  [[nodiscard]] double get(std::size_t row, std::size_t col) const;
  [[nodiscard]] std::size_t size() const { return rows_.size(); }
  [[nodiscard]] const std::map<std::size_t, double>& row(std::size_t r) const { return rows_[r]; }
  // y = A x
  [[nodiscard]] std::vector<double> multiply(const std::vector<double>& x) const;

 private:
  std::vector<std::map<std::size_t, double>> rows_;
};

// Solves A x = rhs with a direct LU factorisation (PETSc, PETSC_COMM_SELF).
std::vector<double> solve_linear(const SparseRows& a, const std::vector<double>& rhs);

}  // namespace aquifer::mf6
