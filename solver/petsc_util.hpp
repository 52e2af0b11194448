// PETSc error handling and move-only RAII owners.
//
// Two error zones (docs/architecture.md): code that PETSc calls back returns a PetscErrorCode
// and never throws; everywhere else a failed PETSc call throws aquifer::solver::PetscError
// through AQ_PETSC. PETSc 3.18 has no PetscCallThrow and no PETSC_SUCCESS, hence the macro.
#pragma once

#include <petscdmda.h>
#include <petscksp.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace aquifer::solver {

class PetscError final : public std::runtime_error {
 public:
  PetscError(PetscErrorCode code, const char* expr, const char* file, int line);
  [[nodiscard]] PetscErrorCode code() const { return code_; }

 private:
  PetscErrorCode code_;
};

}  // namespace aquifer::solver

// Throws PetscError when the PETSc call fails (outside PETSc callbacks only).
#define AQ_PETSC(expr)                                                            \
  do {                                                                            \
    const PetscErrorCode aq_ierr_ = (expr);                                       \
    if (aq_ierr_ != 0) throw ::aquifer::solver::PetscError(aq_ierr_, #expr, __FILE__, __LINE__); \
  } while (0)

namespace aquifer::solver {

// Move-only owner of a PETSc object handle; Destroy is the matching XxxDestroy.
template <typename Handle, PetscErrorCode (*Destroy)(Handle*)>
class PetscOwner final {
 public:
  PetscOwner() = default;
  explicit PetscOwner(Handle h) : h_(h) {}
  PetscOwner(const PetscOwner&) = delete;
  PetscOwner& operator=(const PetscOwner&) = delete;
  PetscOwner(PetscOwner&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  PetscOwner& operator=(PetscOwner&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, nullptr);
    }
    return *this;
  }
  ~PetscOwner() { reset(); }

  void reset() noexcept {
    if (h_ != nullptr) (void)Destroy(&h_);  // destructors never throw
    h_ = nullptr;
  }
  [[nodiscard]] Handle get() const { return h_; }
  operator Handle() const { return h_; }  // NOLINT: pass straight to PETSc calls
  Handle* out() {                         // for XxxCreate(&...)
    reset();
    return &h_;
  }
  explicit operator bool() const { return h_ != nullptr; }

 private:
  Handle h_ = nullptr;
};

using VecOwner = PetscOwner<Vec, VecDestroy>;
using MatOwner = PetscOwner<Mat, MatDestroy>;
using DMOwner = PetscOwner<DM, DMDestroy>;
using KSPOwner = PetscOwner<KSP, KSPDestroy>;
using ScatterOwner = PetscOwner<VecScatter, VecScatterDestroy>;

// aquifer's own phases as PETSc log events, so that -log_view (PETSC_OPTIONS="-log_view") shows
// them beside KSPSolve and PCSetUp: the flow system's set-up, residual passes, matrix
// assemblies and budgets. Registered at the first use (after PetscInitialize).
enum class LogPhase { setup, residual, residual_and_matrix, matrix, budget };

// Logs the enclosing scope as the event of `phase`.
class LogEventScope final {
 public:
  explicit LogEventScope(LogPhase phase);
  LogEventScope(const LogEventScope&) = delete;
  LogEventScope& operator=(const LogEventScope&) = delete;
  ~LogEventScope();

 private:
  PetscLogEvent event_;
};

// Scoped read-only access to a vector's local array; a null vector gives a null array.
class VecArrayRead final {
 public:
  explicit VecArrayRead(Vec v) : v_(v) {
    if (v_ != nullptr) AQ_PETSC(VecGetArrayRead(v_, &a_));
  }
  VecArrayRead(const VecArrayRead&) = delete;
  VecArrayRead& operator=(const VecArrayRead&) = delete;
  ~VecArrayRead() {
    if (v_ != nullptr) (void)VecRestoreArrayRead(v_, &a_);
  }
  [[nodiscard]] const PetscScalar* get() const { return a_; }

 private:
  Vec v_;
  const PetscScalar* a_ = nullptr;
};

// Scoped read-only access to a DMDA vector as a [k][j][i] array.
class DMDAArrayRead final {
 public:
  DMDAArrayRead(DM dm, Vec v) : dm_(dm), v_(v) { AQ_PETSC(DMDAVecGetArrayRead(dm_, v_, &a_)); }
  DMDAArrayRead(const DMDAArrayRead&) = delete;
  DMDAArrayRead& operator=(const DMDAArrayRead&) = delete;
  ~DMDAArrayRead() { (void)DMDAVecRestoreArrayRead(dm_, v_, &a_); }
  [[nodiscard]] const PetscScalar* const* const* get() const {
    return static_cast<const PetscScalar* const* const*>(a_);
  }

 private:
  DM dm_;
  Vec v_;
  void* a_ = nullptr;
};

// Scoped writable access to a DMDA vector as a [k][j][i] array.
class DMDAArrayWrite final {
 public:
  DMDAArrayWrite(DM dm, Vec v) : dm_(dm), v_(v) { AQ_PETSC(DMDAVecGetArray(dm_, v_, &a_)); }
  DMDAArrayWrite(const DMDAArrayWrite&) = delete;
  DMDAArrayWrite& operator=(const DMDAArrayWrite&) = delete;
  ~DMDAArrayWrite() { (void)DMDAVecRestoreArray(dm_, v_, &a_); }
  [[nodiscard]] PetscScalar*** get() const { return static_cast<PetscScalar***>(a_); }

 private:
  DM dm_;
  Vec v_;
  void* a_ = nullptr;
};

}  // namespace aquifer::solver
