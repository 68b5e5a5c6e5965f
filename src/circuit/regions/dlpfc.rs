//! Dorsolateral prefrontal cortex: the model of the task and the
//! attentional set.
//!
//! Model-based control (Daw et al. 2011): it learns where each action leads,
//! T(s, a → s′) ← T + α_T·(1[s′] − T), and what it pays, and values actions
//! by Q_MB(s, a) = R(s, a) + Σ_s′ T(s, a, s′)·max_a′ Q(s′, a′), which the
//! choice mixes with the model-free preference at weight w. Disrupting
//! dorsolateral prefrontal cortex lowers model-based control (Smittenaar et
//! al. 2013; REG-4): through a lesion the region keeps no model of where
//! actions lead (T reads as uniform), so Q_MB no longer tells the first-stage
//! actions apart; the weight w itself is unchanged.
//!
//! Attentional set (tasks whose cues point at actions): which cue is
//! relevant, by the approximate inference of Yu & Dayan (2005); the choice
//! follows the believed cue as far as it is believed valid. Shifting the
//! set between cue dimensions depends on lateral prefrontal cortex (Dias,
//! Robbins & Roberts 1996).
//!
//! Receptors:
//! - D1: prefrontal dopamine tone raises the model-based weight,
//!   w′ = clamp(w + 0.3·e_D1·(DA − 1), 0, 1) (L-DOPA increases model-based
//!   control, Wunderlich, Smittenaar & Dolan 2012).
//! - β: phasic NE, the unexpected uncertainty that switches the set.
//! - M1: phasic ACh, the expected uncertainty that raises the switch
//!   threshold (Yu & Dayan 2005); and the ACh tone it reads scales the
//!   expected uncertainty the top-down bias is weighed by, so more ACh
//!   (nicotine) trusts the cue less and less (scopolamine, an ACh lesion)
//!   trusts it more (Yu & Dayan 2005: ACh suppresses top-down priors; YD-5).

use super::reading::{Broadcast, Reading};
use crate::circuit::belief::{CueBelief, CueSignals, TransitionModel};
use crate::neuromod::anatomy::Modulator;
use crate::neuromod::{Receptor, Region};

/// Dorsolateral prefrontal state.
#[derive(Clone, Debug)]
pub struct Dlpfc {
    receptors: Reading,
    n_features: usize,
    n_actions: usize,
    transitions: TransitionModel,
    /// A model that never learns: what a lesioned region reads (uniform T).
    flat: TransitionModel,
    /// max_a Q(s, a) per state, refreshed before model-based choices.
    best_values: Vec<f64>,
    persistence: f64,
    cue_belief: Option<CueBelief>,
    cue_directions: Vec<usize>,
}

impl Dlpfc {
    /// The region this module is.
    pub const REGION: Region = Region::Dlpfc;
    /// The metrics whose values this region computes (from
    /// `circuit::metric_table`).
    pub const RECORDS: &'static [&'static str] = &["cue_belief"];

    /// The receptors it reads, with their default densities.
    pub fn reads() -> &'static [(Receptor, f64)] {
        Self::REGION.expresses()
    }
    /// A naive region for `n_features` states and `n_actions` actions.
    pub fn new(
        receptors: Reading,
        n_features: usize,
        n_actions: usize,
        transition_rate: f64,
        reward_rate: f64,
        initial_value: f64,
        hazard: f64,
    ) -> Self {
        Dlpfc {
            receptors,
            n_features,
            n_actions,
            transitions: TransitionModel::new(n_features, n_actions, transition_rate, reward_rate),
            flat: TransitionModel::new(n_features, n_actions, 0.0, reward_rate),
            best_values: vec![initial_value; n_features],
            persistence: 1.0 - hazard,
            cue_belief: None,
            cue_directions: Vec::new(),
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

    /// w′ = clamp(w + 0.3·e_D1·(DA − 1), 0, 1); 0 when the model has no
    /// model-based component.
    pub fn model_based_weight(&self, w: f64, b: &Broadcast) -> f64 {
        if w == 0.0 {
            return 0.0;
        }
        let d1 = self.receptors.efficacy(Receptor::D1);
        let tone = self.receptors.received_tone(Modulator::Dopamine, b);
        (w + 0.3 * d1 * (tone - 1.0)).clamp(0.0, 1.0)
    }

    /// Learns from one step: `action` in `x` paid `reward` and led to `next`.
    /// Rewards are learned even through a lesion; transitions are not kept.
    pub fn observe(&mut self, x: &[f64], action: usize, reward: f64, next: Option<&[f64]>) {
        let s1 = TransitionModel::state(x);
        let s2 = next.map(TransitionModel::state);
        self.transitions.observe(s1, action, reward, s2);
        self.flat.observe(s1, action, reward, s2);
    }

    /// Refreshes max_a Q(s, a) per state from the critic's weights.
    pub fn refresh(&mut self, critic: &[f64]) {
        let nf = self.n_features;
        for s in 0..nf {
            self.best_values[s] = (0..self.n_actions)
                .map(|a| critic[a * nf + s])
                .fold(f64::NEG_INFINITY, f64::max);
        }
    }

    /// Q_MB(s, a) for the state of `x` (from a uniform model through a lesion).
    pub fn value(&self, x: &[f64], action: usize) -> f64 {
        let s = TransitionModel::state(x);
        let model = if self.receptors.lesioned() {
            &self.flat
        } else {
            &self.transitions
        };
        model.value(s, action, &self.best_values)
    }

    /// Where each cue points this trial; starts the cue belief at the first call.
    pub fn set_cues(&mut self, directions: &[usize]) {
        if directions.is_empty() {
            return;
        }
        if self.cue_belief.is_none() {
            self.cue_belief = Some(CueBelief::new(directions.len(), self.persistence));
        }
        self.cue_directions.clear();
        self.cue_directions.extend_from_slice(directions);
    }

    /// Observes the outcome on a cue task: a reward says the target was on
    /// the chosen side, no reward the other side. `None` off cue tasks or
    /// through a lesion.
    pub fn observe_cues(&mut self, action: usize, reward: f64) -> Option<CueSignals> {
        if self.receptors.lesioned() {
            return None;
        }
        let b = self.cue_belief.as_mut()?;
        let target = if reward > 0.0 {
            action
        } else {
            1 - action.min(1)
        };
        Some(b.observe(&self.cue_directions, target))
    }

    /// NE and ACh, read through β and M1, decide whether the set switches.
    pub fn maybe_switch(&mut self, b: &Broadcast) {
        let ne = self.receptors.phasic(Receptor::Beta, b);
        let ach = self.receptors.phasic(Receptor::M1, b);
        if let Some(c) = self.cue_belief.as_mut() {
            c.maybe_switch(ne, ach);
        }
    }

    /// Top-down bias for `action` when the believed cue points at it, 0
    /// otherwise and through a lesion: 2γ − 1 with γ = 1 − u the validity
    /// the region trusts (Yu & Dayan 2005). u = (1 − γ*)·a is the expected
    /// uncertainty as acetylcholine carries it, a the ACh tone read through
    /// M1 (tone · local factor · e_M1, 1 at baseline), held at or below
    /// max(1 − γ*, 0.5) so that no amount of ACh turns the cue into a
    /// counter-cue. Written as 2γ* − 1 − 2·(u − (1 − γ*)) so the baseline
    /// (a = 1) is exactly 2γ* − 1.
    pub fn top_down(&self, action: usize, b: &Broadcast) -> f64 {
        match &self.cue_belief {
            Some(c)
                if !self.receptors.lesioned()
                    && self.cue_directions.get(c.context()) == Some(&action) =>
            {
                let validity = c.validity();
                let expected = 1.0 - validity;
                // At a = 1 this is `expected` exactly (x·1 = x, within the clamp).
                let a = self.receptors.tone(Receptor::M1, b);
                let read = (expected * a).clamp(0.0, expected.max(0.5));
                2.0 * validity - 1.0 - 2.0 * (read - expected)
            }
            _ => 0.0,
        }
    }

    /// The cue believed relevant (−1 off cue tasks).
    pub fn cue_context(&self) -> f64 {
        self.cue_belief
            .as_ref()
            .map_or(-1.0, |c| c.context() as f64)
    }
}
