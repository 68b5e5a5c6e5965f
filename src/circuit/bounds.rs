//! Bounds on the circuit's weights, shared by the learner and its synapses.

/// Bound on the sensory BCM unit's weights: cue features are at most 10
/// (salience), so the response stays below ~10³ and its threshold (y²)
/// finite when ACh and dopamine hold θ_eff near 0 and LTP runs away.
pub const SENSORY_WEIGHT_BOUND: f64 = 100.0;

/// Bound on every critic and actor weight: extreme but valid gains (phasic
/// gain × release up to 50) cannot drive values to infinity.
pub const WEIGHT_BOUND: f64 = 1e4;
