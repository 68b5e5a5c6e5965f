//! Medial prefrontal / anterior cingulate cortex: how fast to learn, how
//! much to explore, how long to wait.
//!
//! Tracks the volatility of the outcomes (the running size of the errors,
//! Behrens et al. 2007: the anterior cingulate tracks volatility); its
//! estimate v is tonic norepinephrine's input. With
//! `adaptive_learning_rate` it sets the learning rate of both striatal
//! regions as the Kalman gain of a random walk with process variance
//! q = v·NE·e_β against observation noise σ²/max(0.05, ACh·e_M1) (Yu & Dayan
//! 2005: ACh reports expected uncertainty, lowering trust in the prior).
//!
//! Receptors:
//! - β: NE scales the volatility estimate in the learning rate (above).
//! - M1: ACh sets the noise the learning rate discounts (above).
//! - β also carries exploration: inverse temperature × 1/n (adaptive gain:
//!   high tonic NE, more exploration; Aston-Jones & Cohen 2005) or × n
//!   (Doya 2002), n = max(0.05, NE·e_β); the β-blocker propranolol
//!   reduces random exploration (Dubois et al. 2021).
//! - 5-HT: patience, γ_eff = γ^(1/s) with s = max(0.05, 5-HT·e_5HT) (Doya
//!   2002; serotonin in medial prefrontal cortex promotes waiting for
//!   delayed reward, Miyazaki et al. 2014).
//!
//! Through a lesion: no volatility estimate (tonic NE's input stays at its
//! prior), the fixed learning rate, no NE effect on exploration and γ_eff = γ.

use super::reading::{Broadcast, Reading};
use crate::circuit::belief::Volatility;
use crate::circuit::spec::{ModelSpec, NeExploration};
use crate::neuromod::{Receptor, Region};

/// Medial prefrontal state.
#[derive(Clone, Debug)]
pub struct Mpfc {
    receptors: Reading,
    volatility: Volatility,
    last: f64,
}

impl Mpfc {
    /// The region this module is.
    pub const REGION: Region = Region::Mpfc;
    /// The metrics whose values this region computes (from
    /// `circuit::metric_table`).
    pub const RECORDS: &'static [&'static str] = &[
        "norepinephrine_tonic",
        "learning_rate",
        "discount",
        "inverse_temperature",
    ];

    /// The receptors it reads, with their default densities.
    pub fn reads() -> &'static [(Receptor, f64)] {
        Self::REGION.expresses()
    }
    /// A naive estimator over `n_actions` options.
    pub fn new(receptors: Reading, model: &ModelSpec, n_actions: usize) -> Self {
        Mpfc {
            receptors,
            volatility: Volatility::new(
                n_actions,
                model.volatility_prior,
                model.volatility_rate,
                model.volatility_decay,
            ),
            last: model.volatility_prior,
        }
    }

    /// Its receptors.
    pub fn receptors(&self) -> &Reading {
        &self.receptors
    }

    /// New receptors (a condition taking effect mid-run).
    pub fn set_receptors(&mut self, r: Reading) {
        self.receptors = r;
    }

    /// Whether it is intact.
    pub fn intact(&self) -> bool {
        !self.receptors.lesioned()
    }

    /// Observes the error δ of `action`'s outcome (nothing through a lesion).
    pub fn observe(&mut self, action: usize, delta: f64) {
        if self.intact() {
            self.last = self.volatility.observe(action, delta);
        }
    }

    /// The volatility estimate v (tonic NE's input).
    pub fn volatility(&self) -> f64 {
        self.last
    }

    /// The adaptive learning rate K(q, σ²)·`plasticity`, with
    /// q = v·NE·e_β and σ² = noise/max(0.05, ACh·e_M1).
    pub fn learning_rate(&self, noise: f64, plasticity: f64, b: &Broadcast) -> f64 {
        let q = self.receptors.tone_times(Receptor::Beta, b, self.last);
        let noise = noise / self.receptors.tone(Receptor::M1, b).max(0.05);
        Volatility::gain(q, noise) * plasticity
    }

    /// The factor NE puts on the inverse temperature.
    pub fn exploration(&self, mode: NeExploration, b: &Broadcast) -> f64 {
        let ne = if self.receptors.lesioned() {
            1.0
        } else {
            self.receptors.tone(Receptor::Beta, b).max(0.05)
        };
        match mode {
            NeExploration::AdaptiveGain => 1.0 / ne,
            NeExploration::Doya => ne,
        }
    }

    /// γ_eff = γ^(1/s), s = max(0.05, 5-HT·e_5HT) (s = 1 through a lesion).
    pub fn discount(&self, gamma: f64, b: &Broadcast) -> f64 {
        let s = if self.receptors.lesioned() {
            1.0
        } else {
            self.receptors.tone(Receptor::Ht, b).max(0.05)
        };
        // γ^(1/1) = γ exactly; skipping pow at baseline saves a
        // transcendental per step.
        if s == 1.0 {
            gamma
        } else {
            libm::pow(gamma, 1.0 / s)
        }
    }
}
