#include "solver/simulation.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <utility>

#include "solver/flow_system.hpp"
#include "solver/linear_solver.hpp"

namespace aquifer::solver {

namespace {

// Largest relative cell imbalance accepted after the single solve of a linear system.
constexpr double kLinearResidualCheck = 1e-6;

struct NewtonOutcome {
  bool converged = false;
  int newton_iterations = 0;
  int linear_iterations = 0;
  std::string failure;  // why it did not converge
};

// Times at which a step must end: schedule changes, output times and the end [d].
std::vector<double> step_breakpoints(const Model& m) {
  std::vector<double> t{m.time.end_d};
  auto add = [&](const PiecewiseConstant& p) {
    for (double v : p.times_d)
      if (v > 0.0 && v < m.time.end_d) t.push_back(v);
  };
  for (const auto& w : m.wells) add(w.rate_m3_per_d);
  for (const auto& r : m.recharge) add(r.rate_m_per_d);
  for (const auto& f : m.flooding) add(f.flooded_share);
  if (m.time.output_every_d > 0.0)
    for (double o = m.time.output_every_d; o < m.time.end_d; o += m.time.output_every_d)
      t.push_back(o);
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end(), [](double a, double b) { return std::abs(a - b) < 1e-9; }),
          t.end());
  return t;
}

}  // namespace

class Simulation::Impl {
 public:
  Impl(const Model& model, MPI_Comm comm)
      : model_(model),
        system_(model, comm),
        linear_(system_.dm(), model.solver, !system_.any_convertible(), system_.inactive_fraction()) {
    AQ_PETSC(DMCreateGlobalVector(system_.dm(), h_.out()));
    if (keeps_old_) AQ_PETSC(VecDuplicate(h_, h_old_.out()));
    AQ_PETSC(VecDuplicate(h_, f_.out()));
    AQ_PETSC(VecDuplicate(h_, dh_.out()));
    system_.initial_heads(h_, model);
    if (system_.wet_dry_enabled()) (void)system_.wet_dry(h_, 0);  // MF6: dry cells at the start
    if (keeps_old_) AQ_PETSC(VecCopy(h_, h_old_));
  }

  // Newton iterations for one step: h_old_ holds the previous state, h_ the start guess.
  NewtonOutcome solve(const StressWindow& w);
  // The budget at the heads the last solve(w) ended with: from its last residual pass when
  // that was at these heads, else a pass of its own. Collective.
  WaterBudget budget(const StressWindow& w, StressAccounting* accounting) {
    if (budget_at_h_ && budget_window_.t0_d == w.t0_d && budget_window_.t1_d == w.t1_d &&
        budget_window_.dt_d == w.dt_d)
      return system_.sum_budget(last_budget_, accounting);
    return system_.budget(h_, h_old_, w, accounting);
  }
  std::vector<double> heads() { return system_.gather_heads(h_); }
  LocalHeadsBlock local_heads() {
    LocalHeadsBlock b;
    int corner[3], size[3];
    system_.local_heads(h_, b.values_m, corner, size);
    b.col0 = corner[0], b.row0 = corner[1], b.layer0 = corner[2];
    b.ncol = size[0], b.nrow = size[1], b.nlay = size[2];
    return b;
  }
  // A steady solve (or a checkpoint, a resume) starts a new history: the next transient step
  // starts from the previous heads.
  void accept() {
    if (keeps_old_) AQ_PETSC(VecCopy(h_, h_old_));
    have_history_ = false;
  }
  // An accepted transient step of length dt_d: kept for the predictor of the next step.
  void accept_transient(double dt_d) {
    if (predictor_) {
      if (!h_prev_) AQ_PETSC(VecDuplicate(h_, h_prev_.out()));
      AQ_PETSC(VecCopy(h_old_, h_prev_));
      history_dt_d_ = dt_d;
      have_history_ = true;
    }
    AQ_PETSC(VecCopy(h_, h_old_));
  }
  // Start guess of a transient step of length dt_d: heads extrapolated in time from the last
  // two accepted steps when there are two (SolverSettings::predictor), else the last heads.
  void predict(double dt_d) {
    if (!have_history_ || history_dt_d_ <= 0.0) return;
    system_.extrapolate(h_, h_old_, h_prev_, std::min(dt_d / history_dt_d_, 2.0));
  }
  void invalidate_matrix() {
    matrix_valid_ = false;
    have_history_ = false;
  }
  void save_heads(const std::string& path) const;
  void load_heads(const std::string& path);
  void reject() { AQ_PETSC(VecCopy(h_old_, h_)); }  // a retry starts from the last heads (transient)
  void sample_heads(const std::vector<std::int64_t>& cells, std::vector<double>& heads_m) const {
    system_.sample_heads(h_, cells, heads_m);
  }
  [[nodiscard]] std::string solver_description() const { return linear_.description(); }
  [[nodiscard]] const Model& model() const { return model_; }

 private:
  bool linear_solve(NewtonOutcome& out, const StressWindow& w);
  // The larger of max_i |F_i| / max_i (sum of |flow terms| of cell i) and
  // sum_i |F_i| / (sum of |external terms|), over all ranks: the second bounds the water
  // budget's discrepancy by the same tolerance.
  double relative_residual();

  const Model& model_;
  FlowSystem system_;
  LinearSolver linear_;
  // The previous state is only read by storage terms and retries: a steady-only run (no
  // MF6 wetting, which resets dry cells in it) has no h_old_ (null), saving a vector.
  const bool keeps_old_ = !(model_.time.storage_free() && !model_.formulation.wet_dry);
  VecOwner h_, h_old_, f_, dh_, trial_, h_prev_;
  // SolverSettings::predictor (not with the MF6 formulation): h_prev_ holds the heads before
  // the last accepted transient step, of length history_dt_d_.
  // Convertible layers and flooding rejection make F depend nonlinearly on h.
  const bool nonlinear_ = system_.any_convertible() || !model_.flooding.empty();
  // Linear (confined) systems take one solve per step whatever the start guess.
  const bool predictor_ = model_.solver.predictor && !model_.formulation.mf6 && nonlinear_;
  bool have_history_ = false;
  double history_dt_d_ = 0.0;
  ResidualSums sums_;  // this rank's convergence sums at the last residual
  // This rank's budget terms from the last residual pass of solve(budget_window_); valid while
  // budget_at_h_ (that pass was at the current heads).
  LocalBudget last_budget_;
  StressWindow budget_window_;
  bool budget_at_h_ = false;
  // The matrix stays valid for linear systems while dt and the river/drain states match.
  bool matrix_valid_ = false;
  double matrix_dt_d_ = -1.0;
  std::vector<std::uint8_t> matrix_switches_;
};

bool Simulation::Impl::linear_solve(NewtonOutcome& out, const StressWindow& w) {
  const auto r = linear_.solve(f_, dh_);
  out.linear_iterations += static_cast<int>(r.iterations);
  const bool stalled = r.iterations > LinearSolver::kStallIterations;
  if ((!r.converged || stalled) && linear_.fall_back()) {
    spdlog::warn("linear solver {} after {} iterations; switching to {}",
                 r.converged ? "stalled" : "failed", r.iterations, "BoomerAMG");
    system_.newton_matrix(h_, h_old_, w, linear_.matrix());
    matrix_valid_ = false;  // re-assembled at the current heads, valid for this solve only
    const auto r2 = linear_.solve(f_, dh_);
    out.linear_iterations += static_cast<int>(r2.iterations);
    if (!r2.converged) {
      out.failure = "linear solver failed (KSP reason " + std::to_string(r2.reason) + ")";
      return false;
    }
    return true;
  }
  if (!r.converged) {
    out.failure = "linear solver failed (KSP reason " + std::to_string(r.reason) + ")";
    return false;
  }
  return true;
}

NewtonOutcome Simulation::Impl::solve(const StressWindow& w) {
  NewtonOutcome out;
  const auto& s = model_.solver;
  budget_at_h_ = false;
  budget_window_ = w;
  if (system_.update_constant_heads(w, h_)) matrix_valid_ = false;
  system_.prepare_step(h_old_);
  // f_ and sums_ hold the residual at h_ already (the line search's last trial was taken).
  bool residual_at_h = false;
  PetscReal f_norm = 0.0;
  for (int it = 1; it <= s.max_newton_iterations; ++it) {
    out.newton_iterations = it;
    PetscReal start_norm = 0.0;  // |F| at the start of this iteration, for the trace
    // MF6 standard formulation: cells dry and rewet between outer iterations; an iteration
    // that changed a cell's state cannot end the step.
    const bool changed = system_.wet_dry_enabled() && system_.wet_dry(h_, it);
    // River/drain states decide matrix reuse and the end of a linear system's iteration only.
    const auto switches = nonlinear_ ? std::vector<std::uint8_t>{} : system_.switch_states(h_);
    const bool reuse = !nonlinear_ && matrix_valid_ && matrix_dt_d_ == w.dt_d &&
                       switches == matrix_switches_;
    // A matrix that will be needed whatever F is (no convergence test comes first) is
    // assembled in the same pass over the cells as F.
    const bool need_residual = changed || !residual_at_h;
    const bool assemble_with_residual = need_residual && !reuse && (!nonlinear_ || it == 1);
    if (assemble_with_residual) {
      sums_ = system_.residual_and_matrix(h_, h_old_, w, f_, linear_.matrix());
      budget_at_h_ = false;
    } else if (need_residual) {
      sums_ = system_.residual(h_, h_old_, w, f_, &last_budget_);
      budget_at_h_ = true;
    }
    if (need_residual) AQ_PETSC(VecNorm(f_, NORM_2, &f_norm));
    residual_at_h = false;
    start_norm = f_norm;
    if (!std::isfinite(f_norm)) {
      out.failure = "non-finite residual";
      matrix_valid_ = false;
      return out;
    }
    // Every cell balanced to round-off relative to the largest cell throughput: converged.
    if (it > 1 && nonlinear_ && !changed && relative_residual() <= s.residual_tolerance) {
      out.converged = true;
      return out;
    }
    if (!reuse) {
      if (!assemble_with_residual) system_.newton_matrix(h_, h_old_, w, linear_.matrix());
      matrix_valid_ = !nonlinear_;
      matrix_dt_d_ = w.dt_d;
      matrix_switches_ = switches;
    }
    if (!linear_solve(out, w)) return out;
    PetscReal max_dh = 0.0;
    AQ_PETSC(VecNorm(dh_, NORM_INFINITY, &max_dh));
    if (!std::isfinite(max_dh)) {
      out.failure = "non-finite head change";
      return out;
    }
    const bool small_step = max_dh < s.head_tolerance_m;

    // Backtracking on the residual norm for the nonlinear (Newton) system.
    // The full step's residual also tells whether it already converged (saves a solve).
    double lambda = 1.0;
    bool balanced = false;
    // MF6 standard formulation: Picard iterations take full steps, as MF6 does.
    const bool picard = model_.formulation.mf6 && !model_.formulation.newton;
    if (nonlinear_ && !small_step && !picard) {
      for (int k = 0; k < 5; ++k) {
        if (!trial_) AQ_PETSC(VecDuplicate(h_, trial_.out()));  // nonlinear systems only
        AQ_PETSC(VecWAXPY(trial_, lambda, dh_, h_));
        sums_ = system_.residual(trial_, h_old_, w, f_, &last_budget_);
        PetscReal trial_norm = 0.0;
        AQ_PETSC(VecNorm(f_, NORM_2, &trial_norm));
        if (std::isfinite(trial_norm) && trial_norm <= (1.0 - 1e-4 * lambda) * f_norm) {
          balanced = lambda == 1.0 && relative_residual() <= s.residual_tolerance;
          residual_at_h = true;  // the next iteration starts from this trial and its residual
          f_norm = trial_norm;
          break;
        }
        lambda *= 0.5;
      }
    }
    if (residual_at_h) {
      AQ_PETSC(VecCopy(trial_, h_));
    } else {
      AQ_PETSC(VecAXPY(h_, lambda, dh_));
    }
    budget_at_h_ = residual_at_h;  // the accepted trial's pass was at the new heads
    spdlog::trace("  Newton {}: |F| = {:.3e} m3/d, max |dh| = {:.3e} m, lambda = {}", it, start_norm,
                  max_dh, lambda);
    if (!nonlinear_) {
      // A linear system is solved exactly (to the linear tolerance) in one solve, unless a
      // river or drain crossed its switching head.
      // The residual check catches a linear solve that claims convergence but does not
      // balance the cells (e.g. a preconditioner that mis-reads the matrix).
      if (system_.switch_states(h_) == switches) {
        // A second solve that changes nothing: balanced to round-off (e.g. no flow at all).
        if (it > 1 && small_step) {
          out.converged = true;
          return out;
        }
        sums_ = system_.residual(h_, h_old_, w, f_, &last_budget_);
        budget_at_h_ = true;
        const double rel = relative_residual();
        if (rel <= kLinearResidualCheck) {
          out.converged = true;
          return out;
        }
        spdlog::debug("linear step left a relative cell imbalance of {:.2e}; iterating", rel);
      }
    } else if ((small_step || balanced) && !changed) {
      out.converged = true;
      return out;
    }
  }
  out.failure = "Newton did not converge in " + std::to_string(s.max_newton_iterations) + " iterations";
  return out;
}

void Simulation::Impl::save_heads(const std::string& path) const {
  MPI_Comm comm = PETSC_COMM_WORLD;
  AQ_PETSC(PetscObjectGetComm(reinterpret_cast<PetscObject>(h_.get()), &comm));
  PetscOwner<PetscViewer, PetscViewerDestroy> viewer;
  AQ_PETSC(PetscViewerBinaryOpen(comm, path.c_str(), FILE_MODE_WRITE, viewer.out()));
  AQ_PETSC(VecView(h_, viewer));  // a DMDA vector is written in natural order
}

void Simulation::Impl::load_heads(const std::string& path) {
  MPI_Comm comm = PETSC_COMM_WORLD;
  AQ_PETSC(PetscObjectGetComm(reinterpret_cast<PetscObject>(h_.get()), &comm));
  PetscOwner<PetscViewer, PetscViewerDestroy> viewer;
  AQ_PETSC(PetscViewerBinaryOpen(comm, path.c_str(), FILE_MODE_READ, viewer.out()));
  AQ_PETSC(VecLoad(h_, viewer));
  if (keeps_old_) AQ_PETSC(VecCopy(h_, h_old_));
  matrix_valid_ = false;
  have_history_ = false;
}

double Simulation::Impl::relative_residual() {
  // Largest cell imbalance over the largest cell throughput: a per-cell ratio would be
  // dominated by round-off in cells with almost no flow.
  PetscReal max_f = 0.0, sum_f = 0.0;
  AQ_PETSC(VecNorm(f_, NORM_INFINITY, &max_f));
  AQ_PETSC(VecNorm(f_, NORM_1, &sum_f));
  double max_scale = sums_.max_cell_throughput;
  double external = sums_.external_abs;
  MPI_Comm comm = PETSC_COMM_WORLD;
  AQ_PETSC(PetscObjectGetComm(reinterpret_cast<PetscObject>(f_.get()), &comm));
  MPI_Allreduce(MPI_IN_PLACE, &max_scale, 1, MPI_DOUBLE, MPI_MAX, comm);
  MPI_Allreduce(MPI_IN_PLACE, &external, 1, MPI_DOUBLE, MPI_SUM, comm);
  const double per_cell = max_scale > 0.0 ? max_f / max_scale : 0.0;
  const double total = external > 0.0 ? sum_f / external : 0.0;
  return std::max(per_cell, total);
}

Simulation::Simulation(const Model& model, MPI_Comm comm)
    : impl_(std::make_unique<Impl>(model, comm)), comm_(comm) {}

Simulation::~Simulation() = default;

std::string Simulation::linear_solver_description() const { return impl_->solver_description(); }

void Simulation::set_checkpoints(double every_d, CheckpointFn save) {
  checkpoint_every_d_ = every_d;
  save_checkpoint_ = std::move(save);
}

void Simulation::save_heads(const std::string& path) const { impl_->save_heads(path); }

void Simulation::resume(const RunState& state, const std::string& heads_path) {
  impl_->load_heads(heads_path);
  resumed_ = true;
  resume_state_ = state;
}

void Simulation::notify_heads(double t, bool gather) {
  if (std::any_of(observers_.begin(), observers_.end(), [](const SimulationObserver* o) { return o->needs_local_heads(); })) {
    const auto block = impl_->local_heads();
    for (auto* o : observers_) o->on_local_heads(t, block);
  }
  if (!gather) return;
  const auto heads = impl_->heads();
  for (auto* o : observers_) o->on_heads(t, heads);
}

void Simulation::set_probes(std::vector<HeadProbe> probes) {
  probes_ = std::move(probes);
  probe_cells_.clear();
  for (const auto& p : probes_) probe_cells_.insert(probe_cells_.end(), p.cells.begin(), p.cells.end());
  probe_heads_.assign(probe_cells_.size(), 0.0);
}

void Simulation::notify_probes(double t) {
  if (probes_.empty()) return;
  std::vector<double> sums(2 * probes_.size(), 0.0);  // sum(w h), sum(w) per probe
  impl_->sample_heads(probe_cells_, probe_heads_);  // NaN: another rank's, inactive or dry
  std::size_t at = 0;
  for (std::size_t p = 0; p < probes_.size(); ++p) {
    const auto& probe = probes_[p];
    for (std::size_t k = 0; k < probe.cells.size(); ++k, ++at) {
      const double h = probe_heads_[at];
      if (std::isnan(h)) continue;
      sums[2 * p] += probe.weights[k] * h;
      sums[2 * p + 1] += probe.weights[k];
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM,
                comm_);
  std::vector<double> heads(probes_.size());
  for (std::size_t p = 0; p < probes_.size(); ++p) {
    heads[p] = sums[2 * p + 1] > 0.0 ? sums[2 * p] / sums[2 * p + 1]
                                     : std::numeric_limits<double>::quiet_NaN();
  }
  for (auto* o : observers_) o->on_probe_heads(t, heads);
}

void Simulation::solve_steady(double t, double average_over_d) {
  // Stresses at t, or their means over [t, t + average_over_d] (a dynamic-equilibrium start).
  const StressWindow w{t, t + average_over_d, 0.0};
  const auto out = impl_->solve(w);
  if (!out.converged) throw ConvergenceError("steady-state solve failed: " + out.failure);
  impl_->accept();
  StepRecord rec;
  rec.steady = true;
  rec.t_d = t;
  rec.end_d = impl_->model().time.end_d;
  rec.newton_iterations = out.newton_iterations;
  rec.linear_iterations = out.linear_iterations;
  rec.budget = impl_->budget(w, &rec.accounting);
  for (auto* o : observers_) o->on_step(rec);
  notify_probes(t);
}

void Simulation::run() {
  const Model& m = impl_->model();
  const bool gather = std::any_of(observers_.begin(), observers_.end(),
                                  [](const SimulationObserver* o) { return o->needs_gathered_heads(); });
  if (!m.time.steps.empty()) {
    run_explicit_steps(gather);
    return;
  }
  if (m.time.steady_only) {
    solve_steady(0.0);
    notify_heads(0.0, gather);
    return;
  }
  if (m.time.initial_steady && !resumed_) solve_steady(0.0, m.time.initial_steady_average_d);
  if (!m.time.initial_steady && !resumed_) notify_probes(0.0);  // the initial state
  run_transient(gather);
}

void Simulation::maybe_checkpoint(const RunState& state, double& next_checkpoint_d) {
  if (checkpoint_every_d_ <= 0.0 || !save_checkpoint_ || state.t_d < next_checkpoint_d - 1e-9) return;
  save_checkpoint_(state);
  // The solver state a resumed run cannot have (a matrix and preconditioner kept from earlier
  // steps) is dropped here too, so that both continue with the same, bit for bit.
  impl_->invalidate_matrix();
  next_checkpoint_d = (std::floor((state.t_d + 1e-9) / checkpoint_every_d_) + 1.0) * checkpoint_every_d_;
}

void Simulation::run_transient(bool gather) {
  const Model& m = impl_->model();
  const auto breakpoints = step_breakpoints(m);
  const auto is_output_time = [&](double t) {
    if (std::abs(t - m.time.end_d) < 1e-9) return true;
    if (m.time.output_every_d <= 0.0) return false;
    const double k = std::round(t / m.time.output_every_d);
    return k >= 1.0 && std::abs(t - k * m.time.output_every_d) < 1e-9;
  };
  RunState good = resumed_ ? resume_state_ : RunState{0.0, m.time.step_d, 0};
  double next_checkpoint_d =
      checkpoint_every_d_ > 0.0 ? (std::floor((good.t_d + 1e-9) / checkpoint_every_d_) + 1.0) * checkpoint_every_d_ : 0.0;
  double dt = good.dt_d;
  int retries = 0;
  std::size_t next = 0;
  while (good.t_d < m.time.end_d - 1e-9) {
    const double t = good.t_d;
    while (next < breakpoints.size() && breakpoints[next] <= t + 1e-9) ++next;
    const double bp = breakpoints[std::min(next, breakpoints.size() - 1)];
    double dt_try = std::min(dt, bp - t);
    if (bp - (t + dt_try) < 1e-6 * dt_try) dt_try = bp - t;
    const StressWindow w{t, t + dt_try, dt_try};
    if (retries == 0) impl_->predict(dt_try);
    const auto out = impl_->solve(w);
    if (!out.converged) {
      impl_->reject();
      dt = 0.5 * dt_try;
      ++retries;
      if (dt < m.time.min_step_d || retries > m.solver.max_step_retries) {
        std::ostringstream msg;
        msg << "time step from t = " << t << " d failed (" << out.failure << ") and cannot be cut below "
            << m.time.min_step_d << " d after " << retries << " retries";
        if (save_checkpoint_) save_checkpoint_(good);  // the heads hold the last good state
        throw ConvergenceError(msg.str());
      }
      spdlog::debug("step at t = {} d with dt = {} d failed ({}); retrying with dt = {} d", t, dt_try,
                    out.failure, dt);
      continue;
    }
    StepRecord rec;
    rec.step = ++good.step;
    rec.t_d = t + dt_try;
    rec.dt_d = dt_try;
    rec.end_d = m.time.end_d;
    rec.newton_iterations = out.newton_iterations;
    rec.linear_iterations = out.linear_iterations;
    rec.retries = retries;
    rec.budget = impl_->budget(w, &rec.accounting);
    impl_->accept_transient(dt_try);
    good.t_d = rec.t_d;
    retries = 0;
    for (auto* o : observers_) o->on_step(rec);
    notify_probes(good.t_d);
    if (is_output_time(good.t_d)) notify_heads(good.t_d, gather);
    if (dt < m.time.step_d) dt = std::min(m.time.step_d, 1.5 * dt);
    good.dt_d = dt;
    maybe_checkpoint(good, next_checkpoint_d);
  }
}

void Simulation::run_explicit_steps(bool gather) {
  const Model& m = impl_->model();
  const bool every = std::any_of(observers_.begin(), observers_.end(),
                                 [](const SimulationObserver* o) { return o->needs_heads_every_step(); });
  double t = 0.0;
  int step = 0;
  for (const auto& s : m.time.steps) {
    const StressWindow w{t, t + s.dt_d, s.steady ? 0.0 : s.dt_d};
    const auto out = impl_->solve(w);
    if (!out.converged)
      throw ConvergenceError("step " + std::to_string(step + 1) + " (t = " + std::to_string(t) +
                             " d) failed: " + out.failure);
    StepRecord rec;
    rec.step = ++step;
    rec.steady = s.steady;
    rec.t_d = t + s.dt_d;
    rec.dt_d = s.steady ? 0.0 : s.dt_d;
    rec.end_d = m.time.end_d;
    rec.newton_iterations = out.newton_iterations;
    rec.linear_iterations = out.linear_iterations;
    rec.budget = impl_->budget(w, &rec.accounting);
    impl_->accept();
    t = rec.t_d;
    for (auto* o : observers_) o->on_step(rec);
    if (every) {
      const auto heads = impl_->heads();
      for (auto* o : observers_)
        if (o->needs_heads_every_step()) o->on_step_heads(rec, heads);
    }
    if (s.output) notify_heads(t, gather);
  }
}

}  // namespace aquifer::solver
