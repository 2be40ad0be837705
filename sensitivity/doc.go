// Package sensitivity holds the mathematics behind parameter sweeps and
// global sensitivity analysis of the simulator.
//
// The model is treated as a function y = f(x), where x is a point in a box of
// named factors (see [Factor]). Every design is first built on the unit
// hypercube and then mapped onto the factors with [Scale], so the same design
// code serves continuous ranges and discrete level sets alike.
//
// The package offers
//
//   - designs: full factorial grids ([FullGrid]), Latin hypercubes
//     ([LatinHypercube]) and Sobol low-discrepancy sequences ([Sobol],
//     [ScrambleSobol]);
//   - variance-based indices: the Saltelli design ([NewSaltelli]), repeated
//     under independent random digital shifts ([NewSobolDesign]), and
//     first-order and total Sobol indices averaged over the repetitions,
//     with Student t intervals on R-1 degrees of freedom ([SobolIndices]);
//   - elementary effects: Morris trajectories ([NewMorris]) and the mu, mu*
//     and sigma screening measures, with a t-interval for mu* over the
//     independent trajectories ([MorrisIndices]);
//   - default design sizes whose intervals were checked for coverage
//     ([DefaultSobolBase], [DefaultSobolRepetitions],
//     [DefaultMorrisTrajectories]);
//   - one-at-a-time swings for tornado tables ([OATPoints], [OAT]);
//   - a check of simulation noise against the explained variance
//     ([NoiseWarning]).
//
// Nothing here performs I/O or prints. All randomness is drawn from a
// [math/rand/v2.Source] supplied by the caller, so equal sources give equal
// results.
package sensitivity
