// Reading the scenario while MPI and PETSc start.
//
// Under mpirun, PetscInitialize spends most of its time (~0.3 s on this project's machines)
// waiting for the MPI launcher, not computing, and reading a large scenario costs about as
// much on every rank (the 1M-cell benchmark: 2 million raster values, 0.07-0.1 s). `aquifer
// run` therefore reads its scenario on a thread of its own, started before PetscInitialize and
// waited for after it. Reading (params/) makes no MPI, PETSc or logging calls, so it needs
// nothing from the start-up; its problems are reported after it as before, by rank 0. The
// thread also hashes each input file as it is read, for provenance.json and heads.h5/.nc.
// AQUIFER_PRELOAD=0 turns this off (app/main.cpp): some MPI builds patch memory functions
// (munmap, ...) during MPI_Init, which a second thread should not meet; Open MPI 4.1 here
// does not.
#pragma once

#include <chrono>
#include <future>
#include <string>

#include "params/load_scenario.hpp"

namespace aquifer::app {

class ScenarioPreload final {
 public:
  // Starts reading `path` on a new thread.
  explicit ScenarioPreload(const std::string& path);
  ScenarioPreload(const ScenarioPreload&) = delete;
  ScenarioPreload& operator=(const ScenarioPreload&) = delete;
  ~ScenarioPreload();  // waits for the thread if take() was never called

  // Waits for the reading; the scenario, or the reading's exception (params::InputError for
  // bad input) rethrown. Once only.
  [[nodiscard]] params::LoadedScenario take();
  [[nodiscard]] double read_seconds() const { return read_seconds_; }  // after take()
  [[nodiscard]] double waited_seconds() const { return waited_seconds_; }  // in take()

 private:
  std::future<params::LoadedScenario> future_;
  double read_seconds_ = 0.0;
  double waited_seconds_ = 0.0;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point finished_;
};

}  // namespace aquifer::app
