//! Orbitofrontal cortex: which option is good now.
//!
//! Holds a reduced Bayesian change-point filter per option (Nassar et al.
//! 2010): at each outcome it gives the change-point probability Ω (the
//! locus coeruleus's phasic input) and the relative uncertainty τ (the
//! basal forebrain's), and updates its belief at rate α = Ω′ + (1 − Ω′)·τ′
//! with Ω′ = NE·e_β and τ′ = ACh·e_M1 as this region reads them. Reversal
//! learning depends on orbitofrontal cortex (Izquierdo, Suda & Murray 2004)
//! and on its serotonin (Clarke et al. 2004).
//!
//! Receptors:
//! - β: phasic NE sets how far a surprise resets the belief (Ω′ above).
//! - M1: phasic ACh, the expected uncertainty τ′ that keeps the belief open.
//! - 5-HT: the response to losses. After a loss, choice is as deterministic
//!   as s = max(0.05, 5-HT·e_5HT) allows (β·s; after a win β·max(1, s)), so
//!   low serotonin makes losses push choices around (more lose-shift;
//!   tryptophan depletion, Cools et al. 2008; OFC 5-HT depletion impairs
//!   reversal, Clarke et al. 2004).
//!
//! Through a lesion there is no surprise signal and no belief update, and
//! losses act at s = 1. Simplification: one filter per option on reward,
//! no representation of outcome identity.

use super::reading::{Broadcast, Reading};
use crate::circuit::belief::{ChangePointFilter, Surprise};
use crate::neuromod::{Receptor, Region};

/// Orbitofrontal state.
#[derive(Clone, Debug)]
pub struct Ofc {
    receptors: Reading,
    filter: ChangePointFilter,
}

impl Ofc {
    /// The region this module is.
    pub const REGION: Region = Region::Ofc;
    /// The metrics whose values this region computes (from
    /// `circuit::metric_table`).
    pub const RECORDS: &'static [&'static str] = &["norepinephrine", "acetylcholine"];

    /// The receptors it reads, with their default densities.
    pub fn reads() -> &'static [(Receptor, f64)] {
        Self::REGION.expresses()
    }
    /// A naive belief over `n_actions` options starting at `initial` with
    /// outcome noise `noise`.
    pub fn new(receptors: Reading, n_actions: usize, initial: f64, noise: f64) -> Self {
        Ofc {
            receptors,
            filter: ChangePointFilter::new(n_actions, initial, noise),
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

    /// Whether it can form a belief (intact).
    pub fn intact(&self) -> bool {
        !self.receptors.lesioned()
    }

    /// Ω and τ of observing `reward` after `action` at hazard `hazard`.
    pub fn surprise(&self, action: usize, reward: f64, hazard: f64) -> Surprise {
        self.filter.surprise(action, reward, hazard)
    }

    /// Updates the belief with the outcome at Ω′ = NE·e_β, τ′ = ACh·e_M1.
    pub fn update(&mut self, action: usize, reward: f64, b: &Broadcast) {
        if self.receptors.lesioned() {
            return;
        }
        let omega = self.receptors.phasic(Receptor::Beta, b).clamp(0.0, 1.0);
        let tau = self.receptors.phasic(Receptor::M1, b).clamp(0.0, 0.999);
        self.filter.update(action, reward, omega, tau);
    }

    /// The factor on the inverse temperature after the last outcome:
    /// s after a loss, max(1, s) after a win, 1 before any outcome, with
    /// s = max(0.05, 5-HT·e_5HT) (1 through a lesion).
    pub fn loss_response(&self, last_win: Option<bool>, b: &Broadcast) -> f64 {
        let s = if self.receptors.lesioned() {
            1.0
        } else {
            self.receptors.tone(Receptor::Ht, b).max(0.05)
        };
        match last_win {
            Some(false) => s,
            Some(true) => s.max(1.0),
            None => 1.0,
        }
    }
}
