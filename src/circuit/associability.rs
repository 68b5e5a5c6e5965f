//! Pearce–Hall associability of the critic's cues (`model.associability`,
//! off by default): how much attention each cue earns for learning, from
//! how surprising its outcomes have been.

use crate::plasticity::Associability;
use serde::{Deserialize, Serialize};

/// Settings of cue associability (docs/science/model.md, "Plasticity rules" 3).
///
/// Each feature i of the task has an associability α_i. The critic's
/// synapses from a feature learn at η·α_i (its eligibility is tagged with
/// α_i·x_i), and at the end of every trial each feature present in it
/// updates α_i ← η_α·|δ*| + (1 − η_α)·α_i, where δ* is the trial's
/// largest-magnitude prediction error on a step with a feature present
/// (the outcome's surprise). On one-step trials this is the hybrid
/// Pearce–Hall rule of Li, Schiller, Schoenbaum, Phelps & Daw 2011 (J
/// Neurosci 31:7146; V ← V + κ·α·δ, α ← η|δ| + (1 − η)α, κ the learning
/// rate); unsigned surprise signals of this kind are reported in the
/// amygdala (Roesch, Esber, Li, Daw & Schoenbaum 2012; from the
/// literature, verify before quoting). With `rate` 0, α stays at `initial`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AssociabilitySpec {
    /// Scale the critic's learning per cue by its associability.
    pub enabled: bool,
    /// Associability rate η_α in [0, 1] (docs/science/criteria.md §6.2: 0.3).
    pub rate: f64,
    /// Initial associability α₀ of every feature, in [0, 10] (§6.2: 1).
    pub initial: f64,
}

impl Default for AssociabilitySpec {
    fn default() -> Self {
        AssociabilitySpec {
            enabled: false,
            rate: 0.3,
            initial: 1.0,
        }
    }
}

/// The running associabilities of one circuit's features.
#[derive(Clone, Debug)]
pub struct CueAssociability {
    rule: Associability,
    /// Features present so far in this trial (indices, each once).
    present: Vec<usize>,
    seen: Vec<bool>,
    /// δ* so far in this trial.
    surprise: f64,
    /// Scratch: α_i·x_i of the current step.
    weighted: Vec<f64>,
    /// Mean α over the features of the last trial.
    last_mean: f64,
}

impl CueAssociability {
    /// Every one of `n_features` features at α₀.
    pub fn new(spec: &AssociabilitySpec, n_features: usize) -> Self {
        // κ is unused here: the critic learns the values.
        let rule = Associability::new(vec![1.0; n_features], 0.0, spec.rate, spec.initial);
        CueAssociability {
            rule,
            present: Vec::with_capacity(n_features),
            seen: vec![false; n_features],
            surprise: 0.0,
            weighted: vec![0.0; n_features],
            last_mean: spec.initial,
        }
    }

    /// The features weighted by their associabilities, α_i·x_i: what the
    /// critic's eligibility is tagged with.
    pub fn weigh(&mut self, x: &[f64]) -> &[f64] {
        self.weighted.clear();
        self.weighted.extend(
            x.iter()
                .zip(self.rule.associabilities())
                .map(|(x, a)| x * a),
        );
        &self.weighted
    }

    /// A step with features `x` and prediction error δ: notes the present
    /// features and keeps the largest-magnitude δ of the trial.
    pub fn observe(&mut self, x: &[f64], delta: f64) {
        let mut any = false;
        for (i, v) in x.iter().enumerate() {
            if *v != 0.0 {
                any = true;
                if let Some(s) = self.seen.get_mut(i) {
                    if !*s {
                        *s = true;
                        self.present.push(i);
                    }
                }
            }
        }
        if any && delta.abs() > self.surprise.abs() {
            self.surprise = delta;
        }
    }

    /// Ends a trial: α_i ← η_α·|δ*| + (1 − η_α)·α_i for the features present.
    pub fn end_trial(&mut self) {
        if !self.present.is_empty() {
            self.rule.attend(&self.present, self.surprise);
            let alpha = self.rule.associabilities();
            let sum: f64 = self.present.iter().filter_map(|&i| alpha.get(i)).sum();
            self.last_mean = sum / self.present.len() as f64;
        }
        for &i in &self.present {
            if let Some(s) = self.seen.get_mut(i) {
                *s = false;
            }
        }
        self.present.clear();
        self.surprise = 0.0;
    }

    /// Mean associability of the features present in the last trial with
    /// any (α₀ before the first).
    pub fn mean(&self) -> f64 {
        self.last_mean
    }

    /// Every feature's associability.
    pub fn values(&self) -> &[f64] {
        self.rule.associabilities()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surprise_keeps_attention_and_reliable_prediction_lowers_it() {
        let spec = AssociabilitySpec {
            enabled: true,
            ..AssociabilitySpec::default()
        };
        let mut c = CueAssociability::new(&spec, 3);
        // Feature 1 present with a surprising outcome, feature 2 absent.
        c.observe(&[0.0, 1.0, 0.0], 1.0);
        c.end_trial();
        assert!(c.values().iter().all(|a| (a - 1.0).abs() < 1e-12));
        c.observe(&[0.0, 1.0, 0.0], 0.0);
        c.end_trial();
        assert!((c.values()[1] - 0.7).abs() < 1e-12 && c.values()[2] == 1.0);
        assert!((c.mean() - 0.7).abs() < 1e-12);
        assert_eq!(c.weigh(&[2.0, 2.0, 0.0]), &[2.0, 1.4, 0.0]);
    }
}
