// Time stepping: steady state, backward Euler transient, Newton iterations per step, step
// cutting and regrowth. Writers observe the simulation through SimulationObserver; the
// simulation never calls a writer itself.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/budget.hpp"
#include "solver/model.hpp"

namespace aquifer::solver {

// The solver could not converge even at the minimum step (exit status 3).
class ConvergenceError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StepRecord final {
  int step = 0;               // 1-based count of accepted steps (0 = initial steady state)
  bool steady = false;
  double t_d = 0.0;           // end of the step, days since start
  double dt_d = 0.0;          // 0 for steady state
  double end_d = 0.0;         // end of the simulation
  int newton_iterations = 0;
  int linear_iterations = 0;
  int retries = 0;            // step cuts before this step converged
  WaterBudget budget;         // rates over the step [m3/d], all ranks summed
  StressAccounting accounting;  // per well and flooding area, rates over the step [m3/d]
};

// This rank's owned block of the head field, for collective (parallel) writers. 0-based
// offsets into the global grid; values are ordered [layer][row][col] within the block with
// NaN for inactive and dry cells.
struct LocalHeadsBlock final {
  int col0 = 0, row0 = 0, layer0 = 0;
  int ncol = 0, nrow = 0, nlay = 0;
  std::vector<double> values_m;
};

class SimulationObserver {
 public:
  SimulationObserver() = default;
  SimulationObserver(const SimulationObserver&) = delete;
  SimulationObserver& operator=(const SimulationObserver&) = delete;
  virtual ~SimulationObserver() = default;
  // Called on every rank after each accepted step.
  virtual void on_step(const StepRecord& /*record*/) {}
  // Called on every rank at output times; heads_m (natural order, NaN = inactive or dry) is
  // filled on rank 0 only.
  virtual void on_heads(double /*t_d*/, const std::vector<double>& /*heads_m*/) {}
  // Whether on_heads needs the field gathered on rank 0 (costly on large grids).
  [[nodiscard]] virtual bool needs_gathered_heads() const { return false; }
  // Called on every rank at output times with that rank's own block (no communication), when
  // needs_local_heads() (the block is a copy of the rank's heads: not made when nobody asks).
  virtual void on_local_heads(double /*t_d*/, const LocalHeadsBlock& /*block*/) {}
  [[nodiscard]] virtual bool needs_local_heads() const { return false; }
  // Called on every rank, with identical values, after each accepted step and at the
  // initial state (t_d = 0) when probes are set: one head per probe [m], NaN when undefined.
  virtual void on_probe_heads(double /*t_d*/, const std::vector<double>& /*heads_m*/) {}
  // Runs with explicit steps (TimeControl::steps) only: when an observer asks for it, the
  // heads gathered on rank 0 (empty elsewhere) after every step, on every rank.
  [[nodiscard]] virtual bool needs_heads_every_step() const { return false; }
  virtual void on_step_heads(const StepRecord& /*record*/, const std::vector<double>& /*heads_m*/) {}
};

// A point where the head is sampled every step (observation wells): the weighted mean
// sum(w_i h_i) / sum(w_i) over the listed cells whose head is defined (active and not dry);
// NaN when none is. Cells are linear indices (GridGeometry::index); weights > 0.
struct HeadProbe final {
  std::string id;
  std::vector<std::int64_t> cells;
  std::vector<double> weights;
};

// Where a transient run stands at the end of an accepted step: enough, with the heads, to
// continue it so that it takes exactly the same steps (checkpoint and restart).
struct RunState final {
  double t_d = 0.0;   // end of the last accepted step, days since start
  double dt_d = 0.0;  // step length the next step starts from (after regrowth)
  int step = 0;       // accepted transient steps so far
};

// Saves a checkpoint; called on every rank (collective) with the simulation's heads at state.
using CheckpointFn = std::function<void(const RunState& state)>;

class Simulation final {
 public:
  // `model` must outlive the simulation; its tops, bottoms and active flags are read in place
  // throughout, its other per-cell properties only here (they may be released afterwards).
  Simulation(const Model& model, MPI_Comm comm);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  void add_observer(SimulationObserver* observer) { observers_.push_back(observer); }
  // Head probes reported to on_probe_heads every step. Set before run(); same on every rank.
  void set_probes(std::vector<HeadProbe> probes);
  // Runs to the end. Throws ConvergenceError when a step fails at the minimum step size.
  void run();

  // Checkpoints of a transient run: `save` is called at the first step end at or after each
  // multiple of every_d (none when every_d <= 0) and, before ConvergenceError is thrown, with
  // the last good state (the heads then hold that state). Set before run().
  void set_checkpoints(double every_d, CheckpointFn save);
  // Writes / reads the current heads (PETSc binary, natural order: any rank count can read
  // them back). Collective.
  void save_heads(const std::string& path) const;
  // Continues from a checkpoint: loads the heads and starts run() at `state` (no initial
  // steady state). Collective; call before run().
  void resume(const RunState& state, const std::string& heads_path);
  // Linear solver in use, for the log.
  [[nodiscard]] std::string linear_solver_description() const;

 private:
  class Impl;
  void notify_heads(double t_d, bool gather);
  // Samples the probes (an Allreduce over the ranks) and calls on_probe_heads.
  void notify_probes(double t_d);
  void solve_steady(double t_d, double average_over_d = 0.0);
  void run_transient(bool gather);
  // TimeControl::steps: each step solved as given (steady or transient), never cut.
  void run_explicit_steps(bool gather);
  // Saves the checkpoint due at the end of the step that ended at state.t_d, if any.
  void maybe_checkpoint(const RunState& state, double& next_checkpoint_d);

  std::unique_ptr<Impl> impl_;
  std::vector<SimulationObserver*> observers_;
  std::vector<HeadProbe> probes_;
  std::vector<std::int64_t> probe_cells_;  // every probe's cells, in order
  std::vector<double> probe_heads_;        // their heads at the last sample
  MPI_Comm comm_;
  double checkpoint_every_d_ = 0.0;
  CheckpointFn save_checkpoint_;
  bool resumed_ = false;
  RunState resume_state_;
};

}  // namespace aquifer::solver
