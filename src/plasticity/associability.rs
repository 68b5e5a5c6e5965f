//! Error-driven learning over cues with Pearce–Hall associability, in the
//! hybrid form of Li et al. (2011); with the associability rate at 0 it is
//! the Rescorla–Wagner rule.

use super::rule::{mean, Rule, RuleInfo};

/// Associative strengths V_X and associabilities α_X of several cues learned
/// together from outcomes λ. A trial with the cues in `present`:
///
/// δ = λ − Σ_{present} V_X;  V_X ← V_X + κ·S_X·α_X·δ;  then α_X ← η·|δ| + (1 − η)·α_X
///
/// for every present X (Li, Schiller, Schoenbaum, Phelps & Daw 2011 J
/// Neurosci 31:7146, eq. 2–3, after Pearce & Hall 1980; S_X the cue's
/// salience). V learns with the associability earned on earlier trials and
/// this trial's surprise sets the next one's: surprise raises α, reliable
/// prediction lowers it.
///
/// With η = 0 and α₀ = 1, α stays 1 and this is the Rescorla–Wagner rule
/// ΔV_X = α_X·β·(λ − ΣV) with salience α_X = S_X and β = κ (Rescorla &
/// Wagner 1972): shared error gives blocking, overshadowing, conditioned
/// inhibition and overexpectation ([`Associability::rescorla_wagner`]).
///
/// The circuit keeps one associability per feature with
/// [`Associability::attend`] and lets its critic do the value learning
/// (`model.associability`, src/circuit/associability.rs).
#[derive(Clone, Debug, PartialEq)]
pub struct Associability {
    weights: Vec<f64>,
    salience: Vec<f64>,
    alpha: Vec<f64>,
    kappa: f64,
    eta: f64,
    last_error: f64,
}

impl Associability {
    /// Naive cues (V = 0) of the given saliences S_X with fixed learning
    /// rate κ, associability rate η and initial associability α₀
    /// (docs/science/criteria.md §6.2: κ = 0.3, η = 0.3, α₀ = 1).
    pub fn new(salience: Vec<f64>, kappa: f64, eta: f64, alpha0: f64) -> Self {
        Associability {
            weights: vec![0.0; salience.len()],
            alpha: vec![alpha0; salience.len()],
            salience,
            kappa,
            eta,
            last_error: 0.0,
        }
    }

    /// One cue of salience 1 (the single-cue hybrid of Li et al. 2011).
    pub fn single(kappa: f64, eta: f64, alpha0: f64) -> Self {
        Self::new(vec![1.0], kappa, eta, alpha0)
    }

    /// The Rescorla–Wagner rule: saliences α_X, outcome rate β, η = 0.
    pub fn rescorla_wagner(salience: Vec<f64>, beta: f64) -> Self {
        Self::new(salience, beta, 0.0, 1.0)
    }

    /// The summed prediction Σ V_X of the cues in `present` (indices; out
    /// of range ones are ignored).
    pub fn predict(&self, present: &[usize]) -> f64 {
        present.iter().filter_map(|&i| self.weights.get(i)).sum()
    }

    /// A trial with cues `present` and outcome λ: learns V, then α; returns δ.
    pub fn trial(&mut self, present: &[usize], outcome: f64) -> f64 {
        let delta = outcome - self.predict(present);
        for &i in present {
            if let (Some(w), Some(s), Some(a)) = (
                self.weights.get_mut(i),
                self.salience.get(i),
                self.alpha.get(i),
            ) {
                *w += self.kappa * s * a * delta;
            }
        }
        self.attend(present, delta);
        delta
    }

    /// Only the associability step: α_X ← η·|δ| + (1 − η)·α_X for the
    /// present cues, given the trial's prediction error δ from elsewhere
    /// (the circuit's critic).
    pub fn attend(&mut self, present: &[usize], delta: f64) {
        for &i in present {
            if let Some(a) = self.alpha.get_mut(i) {
                *a = self.eta * delta.abs() + (1.0 - self.eta) * *a;
            }
        }
        self.last_error = delta;
    }

    /// The associative strength V_X of every cue.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// V of cue 0 (the single-cue form).
    pub fn value(&self) -> f64 {
        self.weights.first().copied().unwrap_or(0.0)
    }

    /// α of cue 0 (the single-cue form).
    pub fn associability(&self) -> f64 {
        self.alpha.first().copied().unwrap_or(0.0)
    }

    /// The associability α_X of every cue.
    pub fn associabilities(&self) -> &[f64] {
        &self.alpha
    }
}

impl Rule for Associability {
    const INFO: RuleInfo = RuleInfo {
        name: "associability",
        modifies: &["weights", "associability"],
        records: &["weight", "associability", "prediction_error"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "weight" => Some(mean(&self.weights)),
            "associability" => Some(mean(&self.alpha)),
            "prediction_error" => Some(self.last_error),
            _ => None,
        }
    }
}
