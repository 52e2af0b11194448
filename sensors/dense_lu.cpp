// Dense LU with partial pivoting (Doolittle, right-looking). See dense_lu.hpp.
#include "sensors/dense_lu.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace aquifer::sensors {

namespace {

double matrix_norm1(const std::vector<double>& a, std::size_t n) {
  double best = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    double column = 0.0;
    for (std::size_t i = 0; i < n; ++i) column += std::abs(a[i * n + j]);
    best = std::max(best, column);
  }
  return best;
}

}  // namespace

bool DenseLu::factor(std::vector<double> a, std::size_t n, double singular_tolerance) {
  lu_ = std::move(a);
  n_ = n;
  ok_ = false;
  pivot_.resize(n);
  std::iota(pivot_.begin(), pivot_.end(), std::size_t{0});
  norm1_ = matrix_norm1(lu_, n);
  double largest = 0.0;
  for (double v : lu_) largest = std::max(largest, std::abs(v));
  const double threshold = singular_tolerance * largest;
  if (n == 0 || largest == 0.0) return false;

  for (std::size_t k = 0; k < n; ++k) {
    std::size_t p = k;
    for (std::size_t i = k + 1; i < n; ++i) {
      if (std::abs(lu_[i * n + k]) > std::abs(lu_[p * n + k])) p = i;
    }
    if (!(std::abs(lu_[p * n + k]) > threshold)) return false;
    if (p != k) {
      std::swap_ranges(lu_.begin() + static_cast<std::ptrdiff_t>(k * n),
                       lu_.begin() + static_cast<std::ptrdiff_t>((k + 1) * n),
                       lu_.begin() + static_cast<std::ptrdiff_t>(p * n));
      std::swap(pivot_[k], pivot_[p]);
    }
    const double inv_pivot = 1.0 / lu_[k * n + k];
    for (std::size_t i = k + 1; i < n; ++i) {
      double& l_ik = lu_[i * n + k];
      l_ik *= inv_pivot;
      if (l_ik == 0.0) continue;
      const double* u_row = &lu_[k * n];
      double* row = &lu_[i * n];
      for (std::size_t j = k + 1; j < n; ++j) row[j] -= l_ik * u_row[j];
    }
  }
  ok_ = true;
  return true;
}

void DenseLu::solve(double* b) const {
  const std::size_t n = n_;
  // Permute: y = P b. n is small; a stack-friendly copy through a thread-local buffer.
  thread_local std::vector<double> y;
  y.resize(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = b[pivot_[i]];
  for (std::size_t i = 0; i < n; ++i) {  // L y = P b (unit lower)
    const double* row = &lu_[i * n];
    double sum = y[i];
    for (std::size_t j = 0; j < i; ++j) sum -= row[j] * y[j];
    y[i] = sum;
  }
  for (std::size_t i = n; i-- > 0;) {  // U x = y
    const double* row = &lu_[i * n];
    double sum = y[i];
    for (std::size_t j = i + 1; j < n; ++j) sum -= row[j] * y[j];
    y[i] = sum / row[i];
  }
  std::copy(y.begin(), y.end(), b);
}

void DenseLu::solve_transposed(double* b) const {
  // A = P^T L U, so A^T x = b is U^T w = b, L^T v = w, x = P^T v.
  const std::size_t n = n_;
  thread_local std::vector<double> w;
  w.assign(b, b + n);
  for (std::size_t i = 0; i < n; ++i) {  // U^T w = b (lower, diagonal of U)
    double sum = w[i];
    for (std::size_t j = 0; j < i; ++j) sum -= lu_[j * n + i] * w[j];
    w[i] = sum / lu_[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {  // L^T v = w (upper, unit diagonal)
    double sum = w[i];
    for (std::size_t j = i + 1; j < n; ++j) sum -= lu_[j * n + i] * w[j];
    w[i] = sum;
  }
  for (std::size_t i = 0; i < n; ++i) b[pivot_[i]] = w[i];
}

std::vector<double> DenseLu::inverse_by_columns() const {
  std::vector<double> inverse(n_ * n_, 0.0);
  for (std::size_t j = 0; j < n_; ++j) {
    double* column = &inverse[j * n_];
    column[j] = 1.0;
    solve(column);
  }
  return inverse;
}

double DenseLu::reciprocal_condition() const {
  if (!ok_ || norm1_ == 0.0) return 0.0;
  const std::size_t n = n_;
  // Hager (1984) / Higham (1988): maximise ||A^-1 x||_1 over ||x||_1 = 1 by a few
  // gradient steps, then compare with Higham's alternating-sign vector.
  std::vector<double> x(n, 1.0 / static_cast<double>(n)), z(n);
  double estimate = 0.0;
  for (int iteration = 0; iteration < 5; ++iteration) {
    solve(x.data());
    double norm = 0.0;
    for (double v : x) norm += std::abs(v);
    if (iteration > 0 && norm <= estimate) break;
    estimate = norm;
    for (std::size_t i = 0; i < n; ++i) z[i] = x[i] >= 0.0 ? 1.0 : -1.0;
    solve_transposed(z.data());
    std::size_t j = 0;
    for (std::size_t i = 1; i < n; ++i) if (std::abs(z[i]) > std::abs(z[j])) j = i;
    std::fill(x.begin(), x.end(), 0.0);
    x[j] = 1.0;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double sign = i % 2 == 0 ? 1.0 : -1.0;
    x[i] = sign * (1.0 + static_cast<double>(i) / static_cast<double>(n > 1 ? n - 1 : 1));
  }
  solve(x.data());
  double alternative = 0.0;
  for (double v : x) alternative += std::abs(v);
  estimate = std::max(estimate, 2.0 * alternative / (3.0 * static_cast<double>(n)));
  if (!std::isfinite(estimate) || estimate == 0.0) return 0.0;
  return 1.0 / (norm1_ * estimate);
}

}  // namespace aquifer::sensors
