// Small dense LU factorisation with partial (row) pivoting, for the kriging systems of
// sensors/kriging.cpp (a few to a few hundred unknowns). The ordinary-kriging matrix in
// semivariogram form is symmetric but indefinite (a zero on the diagonal of the Lagrange row),
// so Cholesky does not apply; Gaussian elimination with row pivoting does.
#pragma once

#include <cstddef>
#include <vector>

namespace aquifer::sensors {

class DenseLu final {
 public:
  // Factors the n x n row-major matrix `a` (a[i*n + j]) as P A = L U. Returns false when a
  // pivot is below `singular_tolerance` times the largest |a_ij| (numerically singular); the
  // object is then unusable until the next successful factor().
  bool factor(std::vector<double> a, std::size_t n, double singular_tolerance = 1e-13);

  // Solves A x = b in place (b has n entries). Requires a successful factor().
  void solve(double* b) const;

  // A^-1 stored by columns: element (i, j) at [j * n + i]. n solves, O(n^3).
  [[nodiscard]] std::vector<double> inverse_by_columns() const;

  // Solves A^T x = b in place. Requires a successful factor().
  void solve_transposed(double* b) const;

  // Estimate of 1 / cond_1(A) = 1 / (||A||_1 ||A^-1||_1), with ||A^-1||_1 estimated by
  // Hager's method as refined by Higham (LAPACK's xLACON): a few solves with A and A^T, O(n^2);
  // the estimate is a lower bound of ||A^-1||_1 and almost always within a factor of 3.
  [[nodiscard]] double reciprocal_condition() const;

  [[nodiscard]] std::size_t size() const { return n_; }
  [[nodiscard]] bool ok() const { return ok_; }

 private:
  std::vector<double> lu_;             // L (unit diagonal, below) and U (on and above), row-major
  std::vector<std::size_t> pivot_;     // row i of P A is row pivot_[i] of A
  std::size_t n_ = 0;
  double norm1_ = 0.0;                 // ||A||_1 of the matrix factored
  bool ok_ = false;
};

}  // namespace aquifer::sensors
