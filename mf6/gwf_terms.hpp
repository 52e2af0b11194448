// Per-cell and per-connection terms of MODFLOW 6's groundwater-flow equations, as pure
// functions (MF6 documentation: Langevin et al., 2017, USGS TM 6-A55, chapters 4-5).
// Lengths L, times T, conductances L^2/T.
#pragma once

namespace aquifer::mf6 {

// (MF6's quadratic saturation and its derivative: solver::mf6k::saturation*, shared with the
// DMDA solver's MF6 formulation.)

// MF6's cubic reduction used by AUTO_FLOW_REDUCE: 0 at bot, 1 at top, -2s^3 + 3s^2 between.
double cubic_saturation(double top, double bot, double head);
double cubic_saturation_derivative(double top, double bot, double head);

// Mean conductance between two cells from K*thickness of each (L/T * L), the distances from
// each centre to the shared face (L) and the face width (L). method: 0 harmonic,
// 1 logarithmic, 2 arithmetic thickness x logarithmic K, 3 arithmetic thickness x harmonic K.
double mean_conductance(double k1, double k2, double thick1, double thick2, double cl1, double cl2, double width,
                        int method);

// Vertical conductance through half of each cell (area L^2 over the sum of b/2K).
double vertical_conductance(double area, double thick_upper, double k33_upper, double thick_lower,
                            double k33_lower);

}  // namespace aquifer::mf6
