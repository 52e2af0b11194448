// Where the simulated head of an observation well is taken from: the cells around the well
// and their weights (solver::HeadProbe), sampled by the simulation after every step.
//   x-y: bilinear between the 4 nearest cell centres of a layer (clamped to the edge centres
//        outside the outermost centres);
//   layer = N: that layer;
//   screen = [top, bottom]: every layer the screen crosses, each cell weighted by its
//        bilinear weight x K x screened thickness (transmissivity-weighted mean).
// Inactive or dry cells drop out and the other weights are renormalised (solver side).
#pragma once

#include <vector>

#include "params/observation_wells.hpp"
#include "solver/model.hpp"
#include "solver/simulation.hpp"

namespace aquifer::sensors {

// One probe per well, in the given order. Throws params::InputError (at the well's table)
// when a screen crosses no layer at the well or every probe cell is inactive.
[[nodiscard]] std::vector<solver::HeadProbe> build_head_probes(
    const solver::Model& model, const std::vector<params::ObservationWellSpec>& wells);

}  // namespace aquifer::sensors
