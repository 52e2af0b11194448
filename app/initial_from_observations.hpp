// [initial] head = "observations": for each layer, the observed head of every well nearest the
// start date (within [initial] window) is kriged onto the cell centres (sensors/kriging:
// ordinary kriging with a fitted variogram, inverse-distance weighting with a warning below 5
// wells); the leave-one-out RMSE is logged. A layer without wells of its own takes the wells
// of all layers (warning). relax_to_steady = true adds a steady solve from that field.
#pragma once

#include "app/observation_wells_run.hpp"
#include "params/load_scenario.hpp"

namespace aquifer::app {

// Replaces loaded.model.initial_head_m when [initial] head = "observations". Returns false
// after printing the problems (rank 0) when no well has a reading within the window.
[[nodiscard]] bool apply_initial_from_observations(params::LoadedScenario& loaded,
                                                   const ObservationTracker& tracker, bool root);

}  // namespace aquifer::app
