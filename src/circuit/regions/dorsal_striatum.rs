//! Dorsal striatum: the actor.
//!
//! Chooses among the actions (softmax over preferences, in the circuit's
//! `choose`) and, with the OpAL actor (Collins & Frank 2014), learns Go
//! weights G through D1 and NoGo weights N through D2 from the same
//! dopamine signal:
//!
//! ΔG = η·e_D1·(1 + ρ)·M·x·G,  ΔN = −η·e_D2·(1 − ρ)·M·x·N,
//! preference = (1 + ρ)·G·x − (1 − ρ)·N·x,
//!
//! with ρ = clamp(k·(DA tone − 1), ±0.95) the tonic dopamine balance (Frank
//! 2005: high tone favours Go, low tone NoGo).
//!
//! With the Q actor (the default) the actor's value of an action is
//! Q_d = Q + D: the ventral striatal value Q plus a correction D that holds
//! what the dorsal striatum's own dopamine receptors learn differently. The
//! actor learns its values from its own error δ_d = δ + γ·D(s′, a′) − D(s, a)
//! (δ the critic's), read through D1 when positive and D2 when negative, at
//! the critic's rate η:
//!
//! ΔD = η·(e_D1|D2(δ_d)·δ_d − e_D1|D2(δ)·δ)·e,   so ΔQ_d = η·e(δ_d)·δ_d,
//!
//! the dual-rate Q-learner of Frank, Moustafa, Haughey, Curran & Hutchison
//! (2007, PNAS 104:16311), whose gain and loss rates track striatal D1
//! (DARPP-32) and D2 (DRD2) genotypes; D1 carries learning from gains and D2
//! from losses as in Frank, Seeberger & O'Reilly (2004). While the dorsal
//! receptors read dopamine as the ventral ones do, D stays exactly 0 and the
//! actor chooses by the critic's values. Simplifications: the dorsal
//! (nigrostriatal) error is the broadcast δ corrected by D, not a second
//! nucleus; M1 sets the Q actor's speed only through the critic's rate.
//!
//! Receptors: D1 (Go; gains), D2 (NoGo; losses), M1 (the OpAL actor's speed
//! of learning, Doya 2002; local cholinergic interneurons lumped with the
//! broadcast).

use super::reading::{Broadcast, Reading};
use crate::circuit::bounds::WEIGHT_BOUND;
use crate::neuromod::anatomy::Modulator;
use crate::neuromod::{Receptor, Region};
use crate::plasticity::{EligibilityTrace, ThreeFactor};

/// The actor's state.
#[derive(Clone, Debug)]
pub struct DorsalStriatum {
    receptors: Reading,
    n_features: usize,
    go: Vec<f64>,
    nogo: Vec<f64>,
    go_trace: EligibilityTrace,
    nogo_trace: EligibilityTrace,
    /// The Q actor's correction D to the critic's values (see the module).
    correction: Vec<f64>,
    /// Whether D has ever moved from 0 (it is skipped while it has not).
    corrected: bool,
}

impl DorsalStriatum {
    /// The region this module is.
    pub const REGION: Region = Region::DorsalStriatum;
    /// The metrics whose values this region computes (from
    /// `circuit::metric_table`).
    pub const RECORDS: &'static [&'static str] =
        &["choice_entropy", "greedy", "inverse_temperature"];

    /// The receptors it reads, with their default densities.
    pub fn reads() -> &'static [(Receptor, f64)] {
        Self::REGION.expresses()
    }
    /// A naive actor: G = N = 1 on the first (bias-like) feature.
    pub fn new(receptors: Reading, n_features: usize, n_actions: usize) -> Self {
        let n = n_features * n_actions;
        let bias: Vec<f64> = (0..n)
            .map(|i| if i % n_features == 0 { 1.0 } else { 0.0 })
            .collect();
        DorsalStriatum {
            receptors,
            n_features,
            go: bias.clone(),
            nogo: bias,
            go_trace: EligibilityTrace::new(n),
            nogo_trace: EligibilityTrace::new(n),
            correction: vec![0.0; n],
            corrected: false,
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

    fn dot(w: &[f64], nf: usize, a: usize, x: &[f64]) -> f64 {
        w[a * nf..(a + 1) * nf]
            .iter()
            .zip(x)
            .map(|(w, x)| w * x)
            .sum()
    }

    /// ρ = clamp(k·(DA tone − 1), ±0.95), the tonic dopamine balance with
    /// opponent gain k, from the tone that reaches the dorsal striatum.
    pub fn balance(&self, k: f64, b: &Broadcast) -> f64 {
        (k * (self.receptors.received_tone(Modulator::Dopamine, b) - 1.0)).clamp(-0.95, 0.95)
    }

    /// The OpAL preference (1 + ρ)·G·x − (1 − ρ)·N·x of `action`.
    pub fn preference(&self, x: &[f64], action: usize, rho: f64) -> f64 {
        let nf = self.n_features;
        (1.0 + rho) * Self::dot(&self.go, nf, action, x)
            - (1.0 - rho) * Self::dot(&self.nogo, nf, action, x)
    }

    /// G (D1) and N (D2) learn from the teaching `signal` carried with
    /// efficacies `efficacy` = (e_D1, e_D2) at rate `rate`; nothing through
    /// a lesion.
    pub fn learn(
        &mut self,
        x: &[f64],
        action: usize,
        rate: f64,
        signal: f64,
        efficacy: [f64; 2],
        rho: f64,
    ) {
        if self.receptors.lesioned() {
            return;
        }
        let nf = self.n_features;
        let row = action * nf;
        let g = Self::dot(&self.go, nf, action, x).max(0.0);
        let n = Self::dot(&self.nogo, nf, action, x).max(0.0);
        self.go_trace.tag(row, x, g);
        self.nogo_trace.tag(row, x, n);
        ThreeFactor {
            rate: rate * efficacy[0] * (1.0 + rho),
        }
        .apply(&mut self.go, &self.go_trace, signal);
        ThreeFactor {
            rate: rate * efficacy[1] * (1.0 - rho),
        }
        .apply(&mut self.nogo, &self.nogo_trace, -signal);
        self.go
            .iter_mut()
            .chain(self.nogo.iter_mut())
            .for_each(|w| *w = w.clamp(0.0, WEIGHT_BOUND));
    }

    /// The Q actor's correction D(s, a) to the critic's value of `action`
    /// (exactly 0 until the dorsal receptors have read an error differently).
    pub fn correction(&self, x: &[f64], action: usize) -> f64 {
        if self.corrected {
            Self::dot(&self.correction, self.n_features, action, x)
        } else {
            0.0
        }
    }

    /// Whether D has moved from 0 (an intact actor's never does).
    pub fn corrected(&self) -> bool {
        self.corrected
    }

    /// The Q actor's error beyond the critic's, γ·D(s′, a′) − D(s, a): what
    /// turns the broadcast δ into the actor's own δ_d.
    pub fn correction_error(
        &self,
        x: &[f64],
        action: usize,
        next: Option<(&[f64], usize)>,
        discount: f64,
    ) -> f64 {
        if !self.corrected {
            return 0.0;
        }
        let ahead = next.map_or(0.0, |(x2, a2)| discount * self.correction(x2, a2));
        ahead - self.correction(x, action)
    }

    /// ΔD = η·(dorsal − ventral)·e, with `dorsal` and `ventral` the error as
    /// each striatum's receptors pass it (e_R·M). `active` says whether the
    /// two can differ this trial (their receptors differ, or D ≠ 0): only
    /// then is the eligibility kept, so an intact actor costs nothing.
    pub fn learn_correction(
        &mut self,
        x: &[f64],
        action: usize,
        rate: f64,
        (dorsal, ventral): (f64, f64),
        active: bool,
    ) {
        if self.receptors.lesioned() || !(active || self.corrected) {
            return;
        }
        let nf = self.n_features;
        self.go_trace.tag(action * nf, x, 1.0);
        let step = dorsal - ventral;
        if step != 0.0 {
            self.corrected = true;
            ThreeFactor { rate }.apply(&mut self.correction, &self.go_trace, step);
            self.correction
                .iter_mut()
                .for_each(|w| *w = w.clamp(-WEIGHT_BOUND, WEIGHT_BOUND));
        }
    }

    /// Go − NoGo of the first feature summed over actions: how far the actor
    /// leans to approach (positive) or avoid (negative).
    pub fn go_minus_nogo(&self) -> f64 {
        let nf = self.n_features;
        self.go
            .iter()
            .zip(&self.nogo)
            .step_by(nf.max(1))
            .map(|(g, n)| g - n)
            .sum()
    }

    /// Eligibility decays by `factor` (γλ).
    pub fn decay(&mut self, factor: f64) {
        self.go_trace.decay(factor);
        self.nogo_trace.decay(factor);
    }

    /// Traces do not carry over to the next trial.
    pub fn end_trial(&mut self) {
        self.go_trace.clear();
        self.nogo_trace.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuromod::{Condition, Manipulation, ReceptorMap};

    fn reading(region: Region, c: &str) -> Reading {
        let c: Condition = serde_json::from_str(c).expect("a condition");
        Reading::new(region, &ReceptorMap::default(), &Manipulation::of(&c))
    }

    #[test]
    fn the_q_actors_correction_moves_only_where_dorsal_dopamine_differs() {
        let x = [1.0, 0.5];
        let intact = reading(Region::DorsalStriatum, "{}");
        let ventral = reading(Region::VentralStriatum, "{}");
        assert!(intact.reads_dopamine_as(&ventral));
        let mut d = DorsalStriatum::new(intact, 2, 2);
        // Read alike, the same error: D stays exactly 0 and nothing is kept.
        d.learn_correction(&x, 1, 0.3, (0.8, 0.8), false);
        assert_eq!(d.correction(&x, 1), 0.0);
        assert_eq!(d.correction_error(&x, 1, None, 0.9), 0.0);
        // A local D1 block: the burst reaches the dorsal striatum at 0.3 of
        // the ventral strength, so D falls by η·(0.3 − 1)·δ·x.
        let blocked = reading(
            Region::DorsalStriatum,
            r#"{"regions": {"dorsal_striatum": {"receptors": {"d1": {"antagonist": 0.7}}}}}"#,
        );
        assert!(!blocked.reads_dopamine_as(&ventral));
        let mut d = DorsalStriatum::new(blocked, 2, 2);
        d.learn_correction(&x, 1, 0.5, (0.3, 1.0), true);
        let expected = 0.5 * (0.3 - 1.0) * (1.0 + 0.25);
        assert!((d.correction(&x, 1) - expected).abs() < 1e-12);
        assert_eq!(d.correction(&x, 0), 0.0, "only the chosen action");
        // Its own error now differs from the critic's by −D(s, a).
        assert!((d.correction_error(&x, 1, None, 0.9) + expected).abs() < 1e-12);
    }
}
