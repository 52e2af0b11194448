#include "app/calibration_tao.hpp"

#include <petsctao.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <exception>
#include <stdexcept>

#include "solver/petsc_util.hpp"

namespace aquifer::app {
namespace {

// The search state shared with the TAO callbacks: search variables x (ln m for log
// parameters), a cache of evaluations, and the first exception a callback met.
struct Search final {
  CalibrationProblem& problem;
  const params::CalibrationSpec& spec;
  std::vector<std::pair<std::vector<double>, Evaluation>> cache;  // evaluated x, newest last
  std::exception_ptr error;

  [[nodiscard]] std::vector<double> multipliers(const std::vector<double>& x) const {
    std::vector<double> m(x.size());
    for (std::size_t j = 0; j < x.size(); ++j) m[j] = spec.parameters[j].log ? std::exp(x[j]) : x[j];
    return m;
  }
  [[nodiscard]] double to_x(std::size_t j, double m) const {
    return spec.parameters[j].log ? std::log(m) : m;
  }
  const Evaluation& evaluate(const std::vector<double>& x) {
    for (const auto& [cx, e] : cache)
      if (cx == x) return e;
    const auto m = multipliers(x);
    auto e = problem.evaluate(m);
    std::string ms;
    for (double v : m) ms += fmt::format(" {:.6g}", v);
    spdlog::debug("calibration: simulation {}: multipliers{} -> SSR {:.6g}",
                  problem.simulations(), ms, e.ssr);
    if (cache.size() > 64) cache.erase(cache.begin());
    cache.emplace_back(x, std::move(e));
    return cache.back().second;
  }
  // Forward differences (backward where the step would cross the upper bound): J[i][j].
  std::vector<std::vector<double>> jacobian(const std::vector<double>& x) {
    const std::vector<double> r0 = evaluate(x).residuals;
    std::vector<std::vector<double>> J(r0.size(), std::vector<double>(x.size()));
    for (std::size_t j = 0; j < x.size(); ++j) {
      const auto& p = spec.parameters[j];
      double h = p.log ? spec.fd_step : spec.fd_step * std::max(std::fabs(x[j]), 1e-12);
      if (to_x(j, p.upper) < x[j] + h) h = -h;
      auto xh = x;
      xh[j] += h;
      const auto& rh = evaluate(xh).residuals;
      for (std::size_t i = 0; i < r0.size(); ++i) J[i][j] = (rh[i] - r0[i]) / h;
    }
    return J;
  }
};

std::vector<double> to_vector(Vec v) {
  PetscInt n = 0;
  AQ_PETSC(VecGetSize(v, &n));
  const PetscScalar* a = nullptr;
  AQ_PETSC(VecGetArrayRead(v, &a));
  std::vector<double> out(a, a + n);
  AQ_PETSC(VecRestoreArrayRead(v, &a));
  return out;
}

PetscErrorCode residual_fn(Tao /*tao*/, Vec x, Vec r, void* ctx) {
  auto* s = static_cast<Search*>(ctx);
  try {
    const auto& e = s->evaluate(to_vector(x));
    PetscScalar* a = nullptr;
    AQ_PETSC(VecGetArray(r, &a));
    for (std::size_t i = 0; i < e.residuals.size(); ++i) a[i] = e.residuals[i];
    AQ_PETSC(VecRestoreArray(r, &a));
  } catch (...) {
    if (!s->error) s->error = std::current_exception();
    return PETSC_ERR_USER;
  }
  return 0;
}

PetscErrorCode jacobian_fn(Tao /*tao*/, Vec x, Mat J, Mat /*Jpre*/, void* ctx) {
  auto* s = static_cast<Search*>(ctx);
  try {
    const auto jac = s->jacobian(to_vector(x));
    for (std::size_t i = 0; i < jac.size(); ++i)
      for (std::size_t j = 0; j < jac[i].size(); ++j)
        AQ_PETSC(MatSetValue(J, static_cast<PetscInt>(i), static_cast<PetscInt>(j), jac[i][j],
                             INSERT_VALUES));
    AQ_PETSC(MatAssemblyBegin(J, MAT_FINAL_ASSEMBLY));
    AQ_PETSC(MatAssemblyEnd(J, MAT_FINAL_ASSEMBLY));
  } catch (...) {
    if (!s->error) s->error = std::current_exception();
    return PETSC_ERR_USER;
  }
  return 0;
}

constexpr double kSsrRelativeTolerance = 1e-9;

struct Monitor final {
  Search* search = nullptr;
  std::vector<double>* history = nullptr;
  bool stall_test = true;
};

PetscErrorCode monitor_fn(Tao tao, void* ctx) {
  auto* m = static_cast<Monitor*>(ctx);
  Vec x = nullptr;
  PetscInt its = 0;
  if (TaoGetSolution(tao, &x) != 0 || TaoGetIterationNumber(tao, &its) != 0) return PETSC_ERR_LIB;
  try {
    const auto& e = m->search->evaluate(to_vector(x));
    if (its > 0) {
      // Converged when an iteration no longer lowers the SSR by a relative 1e-9: at the
      // minimum, finite-difference noise keeps the gradient from reaching TAO's tolerances.
      const double prev = m->history->back();
      m->history->push_back(e.ssr);
      // (BRGN only: POUNDERS takes model-improving steps that do not lower the SSR.)
      if (m->stall_test && prev - e.ssr <= kSsrRelativeTolerance * std::max(e.ssr, 1e-300))
        AQ_PETSC(TaoSetConvergedReason(tao, TAO_CONVERGED_USER));
    }
    spdlog::info("calibration: iteration {:>3}: SSR {:.6g} ({} simulations so far)", its, e.ssr,
                 m->search->problem.simulations());
  } catch (...) {
    if (!m->search->error) m->search->error = std::current_exception();
    return PETSC_ERR_USER;
  }
  return 0;
}

Vec make_vec(const std::vector<double>& values) {
  Vec v = nullptr;
  AQ_PETSC(VecCreateSeq(PETSC_COMM_SELF, static_cast<PetscInt>(values.size()), &v));
  for (std::size_t i = 0; i < values.size(); ++i)
    AQ_PETSC(VecSetValue(v, static_cast<PetscInt>(i), values[i], INSERT_VALUES));
  AQ_PETSC(VecAssemblyBegin(v));
  AQ_PETSC(VecAssemblyEnd(v));
  return v;
}

// Inverse of a small symmetric positive definite matrix (Gauss-Jordan with partial pivoting);
// false when it is singular.
bool invert(std::vector<std::vector<double>>& a) {
  const std::size_t n = a.size();
  std::vector<std::vector<double>> inv(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) inv[i][i] = 1.0;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::fabs(a[r][c]) > std::fabs(a[piv][c])) piv = r;
    if (!(std::fabs(a[piv][c]) > 1e-300)) return false;
    std::swap(a[c], a[piv]);
    std::swap(inv[c], inv[piv]);
    const double d = a[c][c];
    for (std::size_t k = 0; k < n; ++k) { a[c][k] /= d; inv[c][k] /= d; }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = a[r][c];
      for (std::size_t k = 0; k < n; ++k) { a[r][k] -= f * a[c][k]; inv[r][k] -= f * inv[c][k]; }
    }
  }
  a = std::move(inv);
  return true;
}

// Standard errors and correlation from the Jacobian J (in x) at the estimate.
void covariance(Search& s, const std::vector<double>& x, CalibrationResult& out) {
  const std::size_t p = x.size();
  const auto J = s.jacobian(x);
  const std::size_t n = J.size();
  std::vector<std::vector<double>> jtj(p, std::vector<double>(p, 0.0));
  for (const auto& row : J)
    for (std::size_t a = 0; a < p; ++a)
      for (std::size_t b = 0; b < p; ++b) jtj[a][b] += row[a] * row[b];
  out.standard_errors.assign(p, std::nan(""));
  out.correlation.assign(p, std::vector<double>(p, std::nan("")));
  if (n <= p || !invert(jtj)) {
    out.covariance_defined = false;
    return;
  }
  const double s2 = out.after.ssr / static_cast<double>(n - p);
  for (std::size_t a = 0; a < p; ++a) {
    const double se_x = std::sqrt(s2 * jtj[a][a]);
    out.standard_errors[a] = s.spec.parameters[a].log ? out.multipliers[a] * se_x : se_x;
    for (std::size_t b = 0; b < p; ++b)
      out.correlation[a][b] = jtj[a][b] / std::sqrt(jtj[a][a] * jtj[b][b]);
  }
}

}  // namespace

CalibrationResult calibrate(CalibrationProblem& problem, const params::CalibrationSpec& spec) {
  Search search{problem, spec, {}, nullptr};
  const std::size_t p = spec.parameters.size();
  std::vector<double> x0(p), lo(p), hi(p);
  for (std::size_t j = 0; j < p; ++j) {
    x0[j] = search.to_x(j, spec.parameters[j].initial);
    lo[j] = search.to_x(j, spec.parameters[j].lower);
    hi[j] = search.to_x(j, spec.parameters[j].upper);
  }
  CalibrationResult out;
  out.before = search.evaluate(x0);
  out.objective_history.push_back(out.before.ssr);
  spdlog::info("calibration: {} readings, {} parameters, method {}; start SSR {:.6g}",
               problem.size(), p, spec.method, out.before.ssr);

  Tao tao = nullptr;
  Vec x = make_vec(x0), xl = make_vec(lo), xu = make_vec(hi), r = nullptr;
  Mat J = nullptr;
  AQ_PETSC(VecCreateSeq(PETSC_COMM_SELF, static_cast<PetscInt>(problem.size()), &r));
  AQ_PETSC(TaoCreate(PETSC_COMM_SELF, &tao));
  AQ_PETSC(TaoSetOptionsPrefix(tao, "calib_"));
  AQ_PETSC(TaoSetType(tao, spec.method == "pounders" ? TAOPOUNDERS : TAOBRGN));
  AQ_PETSC(TaoSetSolution(tao, x));
  AQ_PETSC(TaoSetVariableBounds(tao, xl, xu));
  AQ_PETSC(TaoSetResidualRoutine(tao, r, residual_fn, &search));
  if (spec.method != "pounders") {
    AQ_PETSC(MatCreateSeqDense(PETSC_COMM_SELF, static_cast<PetscInt>(problem.size()),
                               static_cast<PetscInt>(p), nullptr, &J));
    AQ_PETSC(TaoSetJacobianResidualRoutine(tao, J, J, jacobian_fn, &search));
  }
  AQ_PETSC(TaoSetTolerances(tao, 1e-10, 1e-10, 0.0));
  AQ_PETSC(TaoSetMaximumIterations(tao, spec.max_iterations));
  Monitor monitor{&search, &out.objective_history, spec.method != "pounders"};
  AQ_PETSC(TaoSetMonitor(tao, monitor_fn, &monitor, nullptr));
  AQ_PETSC(TaoSetFromOptions(tao));
  const PetscErrorCode solve_rc = TaoSolve(tao);
  TaoConvergedReason reason;
  PetscInt its = 0;
  AQ_PETSC(TaoGetConvergedReason(tao, &reason));
  AQ_PETSC(TaoGetIterationNumber(tao, &its));
  const auto xs = to_vector(x);
  TaoDestroy(&tao);
  VecDestroy(&x); VecDestroy(&xl); VecDestroy(&xu); VecDestroy(&r);
  if (J) MatDestroy(&J);
  if (search.error) std::rethrow_exception(search.error);
  if (solve_rc != 0) throw std::runtime_error("the TAO solver failed (PETSc error " + std::to_string(solve_rc) + ")");
  out.iterations = static_cast<int>(its);
  out.converged_reason = TaoConvergedReasons[reason];
  out.multipliers = search.multipliers(xs);
  out.after = search.evaluate(xs);
  covariance(search, xs, out);
  return out;
}

}  // namespace aquifer::app
