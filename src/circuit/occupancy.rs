//! Dopamine read through receptor occupancy: bursts through low-affinity
//! D1, dips through high-affinity D2, on top of a tonic baseline in nM
//! (an option of the model; docs/science/criteria.md §8, REV-5).

use crate::neuromod::receptors::Kinetics;
use serde::{Deserialize, Serialize};

/// Striatal learning from the change in receptor occupancy a phasic
/// dopamine signal causes, against a tonic baseline b (nM).
///
/// A burst for a prediction error δ > 0 adds `burst_nm`·δ to the
/// concentration (release grows with the number of spikes); a pause for
/// δ < 0 lets first-order uptake clear it to b·exp(−`pause`·|δ|) (the pause
/// lasts longer for larger errors, Bayer & Glimcher 2005; from the
/// literature). Reward learning reads the burst through D1
/// (EC50 ≈ 1 µM), punishment learning reads the dip through D2
/// (EC50 ≈ 10 nM), `neuromod::receptors`:
///
/// s₊(δ, b) = o₁(b + B·δ) − o₁(b),  s₋(δ, b) = o₂(b) − o₂(b·e^{−κ|δ|}),
/// o(L) = L/(L + EC50),
///
/// and the signal that replaces δ in the three-factor rule is
/// s₊(δ, b)/s₊(1, b_ref) for bursts and −s₋(|δ|, b)/s₋(1, b_ref) for dips,
/// so a unit error at the reference baseline b_ref teaches as before. As b
/// rises, D2 saturates first and dips stop teaching, then D1 saturates and
/// bursts stop teaching: the balance of reward over punishment learning is
/// an inverted U of the baseline (Cools et al. 2009). The baseline is
/// b = tonic_nm·(tone + D2 agonist): the condition's dopamine tone (1 at
/// baseline; `tonic_offset`, release, reuptake, age) and a D2 agonist
/// (`bromocriptine` adds 0.5) both add to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OccupancySpec {
    /// Read phasic dopamine through receptor occupancy (off: Δw ∝ δ).
    pub enabled: bool,
    /// Tonic dopamine at tone 1, in nM: the learner's own baseline.
    pub tonic_nm: f64,
    /// Baseline at which a unit error teaches as without this option, in nM.
    pub reference_nm: f64,
    /// Dopamine a burst adds per unit of positive error, in nM.
    pub burst_nm: f64,
    /// Clearance κ during a pause per unit of negative error: c = b·e^{−κ|δ|}.
    pub pause: f64,
}

impl Default for OccupancySpec {
    fn default() -> Self {
        OccupancySpec {
            enabled: false,
            tonic_nm: 20.0,
            reference_nm: 20.0,
            burst_nm: 500.0,
            pause: 1.0,
        }
    }
}

impl OccupancySpec {
    /// D1 occupancy change of a burst for error `delta` ≥ 0 at baseline `b` nM.
    pub fn burst(&self, delta: f64, b: f64) -> f64 {
        let d1 = Kinetics::D1;
        d1.equilibrium(b + self.burst_nm * delta.max(0.0)) - d1.equilibrium(b)
    }

    /// D2 occupancy change of a dip for error magnitude `delta` ≥ 0 at baseline `b` nM.
    pub fn dip(&self, delta: f64, b: f64) -> f64 {
        let d2 = Kinetics::D2;
        d2.equilibrium(b) - d2.equilibrium(b * libm::exp(-self.pause * delta.abs()))
    }

    /// The signal that teaches for phasic dopamine `da` at baseline `b` nM:
    /// bursts s₊(da, b)/s₊(1, b_ref), dips −s₋(|da|, b)/s₋(1, b_ref).
    pub fn signal(&self, da: f64, b: f64) -> f64 {
        if da >= 0.0 {
            let norm = self.burst(1.0, self.reference_nm);
            if norm > 0.0 {
                self.burst(da, b) / norm
            } else {
                0.0
            }
        } else {
            let norm = self.dip(1.0, self.reference_nm);
            if norm > 0.0 {
                -self.dip(-da, b) / norm
            } else {
                0.0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_errors_teach_as_before_at_the_reference() {
        let o = OccupancySpec::default();
        assert!((o.signal(1.0, 20.0) - 1.0).abs() < 1e-12);
        assert!((o.signal(-1.0, 20.0) + 1.0).abs() < 1e-12);
        assert_eq!(o.signal(0.0, 20.0), 0.0);
    }

    #[test]
    fn d2_saturates_before_d1() {
        let o = OccupancySpec::default();
        // From 20 nM to 200 nM the dip signal falls far more than the burst signal.
        let dip = o.dip(1.0, 200.0) / o.dip(1.0, 20.0);
        let burst = o.burst(1.0, 200.0) / o.burst(1.0, 20.0);
        assert!(dip < 0.5 && burst > 0.7, "dip {dip}, burst {burst}");
        // At 5 µM both are small.
        assert!(o.burst(1.0, 5000.0) / o.burst(1.0, 20.0) < 0.2);
    }
}
