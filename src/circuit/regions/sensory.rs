//! Sensory cortex: the features the rest of the circuit sees.
//!
//! A unit learns the features by BCM with a sliding threshold
//! (Bienenstock, Cooper & Munro 1982): Δw = η·x·y·(y − θ), θ tracking ⟨y²⟩.
//! Its threshold is the region's metaplastic state, recorded as `threshold`.
//!
//! Receptors:
//! - M1: acetylcholine lowers the effective threshold, so cortex becomes
//!   plastic when ACh is high (Kilgard & Merzenich 1998: nucleus basalis
//!   stimulation paired with a tone remaps auditory cortex); the unit reads
//!   ACh·e_M1 − 1.
//! - D1: tonic dopamine lowers it too (Bao, Chan & Merzenich 2001: VTA
//!   stimulation remaps auditory cortex); the unit reads DA·e_D1 − 1.
//!
//! Through a lesion the circuit sees no features at all. Simplification:
//! one unit, read out as the threshold; choices use the raw features.

use super::reading::{Broadcast, Reading};
use crate::circuit::bounds::SENSORY_WEIGHT_BOUND;
use crate::neuromod::{Receptor, Region};
use crate::plasticity::Bcm;

/// Sensory cortex's state.
#[derive(Clone, Debug)]
pub struct Sensory {
    receptors: Reading,
    unit: Bcm,
}

impl Sensory {
    /// The region this module is.
    pub const REGION: Region = Region::Sensory;
    /// The metrics whose values this region computes (from
    /// `circuit::metric_table`).
    pub const RECORDS: &'static [&'static str] = &["threshold"];

    /// The receptors it reads, with their default densities.
    pub fn reads() -> &'static [(Receptor, f64)] {
        Self::REGION.expresses()
    }
    /// A naive unit over `n_features` features.
    pub fn new(receptors: Reading, n_features: usize) -> Self {
        // η = 0.005, τ_θ = 20 steps, y₀ = 1: the stable regime of BCM-1/BCM-4,
        // kept for features of any height (salient cues, compounds).
        let unit = Bcm::new(
            vec![1.0 / n_features.max(1) as f64; n_features],
            0.005,
            20.0,
            1.0,
            1.0,
        )
        .normalize_input()
        .bound_weights(SENSORY_WEIGHT_BOUND);
        Sensory { receptors, unit }
    }

    /// Its receptors.
    pub fn receptors(&self) -> &Reading {
        &self.receptors
    }

    /// New receptors (a condition taking effect mid-run).
    pub fn set_receptors(&mut self, r: Reading) {
        self.receptors = r;
    }

    /// The features as the circuit sees them: nothing through a lesion.
    pub fn sense<'a>(&self, x: &'a [f64]) -> &'a [f64] {
        if self.receptors.lesioned() {
            &[]
        } else {
            x
        }
    }

    /// Presents the features to the BCM unit under the broadcast.
    pub fn present(&mut self, x: &[f64], b: &Broadcast) {
        if x.is_empty() {
            return;
        }
        let ach = self.receptors.tone(Receptor::M1, b) - 1.0;
        let da = self.receptors.tone(Receptor::D1, b) - 1.0;
        self.unit.set_modulators(ach, da);
        self.unit.present(x);
    }

    /// The effective BCM threshold (the `threshold` metric).
    pub fn threshold(&self) -> f64 {
        self.unit.effective_threshold()
    }
}
