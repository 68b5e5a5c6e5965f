//! Pearce–Hall associability, in the hybrid form of Li et al. (2011).

use super::rule::{Rule, RuleInfo};

/// A cue's value V and associability α, learned from outcomes λ:
/// δ = λ − V, V ← V + κ·α·δ, then α ← η·|δ| + (1 − η)·α
/// (Li, Schiller, Schoenbaum, Phelps & Daw 2011 J Neurosci 31:7146, after
/// Pearce & Hall 1980). Surprise raises α, reliable prediction lowers it;
/// with η = 0 α stays at α₀ and this is the Rescorla–Wagner rule with
/// αβ = κ·α₀.
#[derive(Clone, Debug, PartialEq)]
pub struct Associability {
    value: f64,
    alpha: f64,
    kappa: f64,
    eta: f64,
    last_error: f64,
}

impl Associability {
    /// A naive cue (V = 0) with fixed learning rate κ, associability rate η
    /// and initial associability α₀ (docs/science/criteria.md §6.2: 0.3, 0.3, 1).
    pub fn new(kappa: f64, eta: f64, alpha0: f64) -> Self {
        Associability {
            value: 0.0,
            alpha: alpha0,
            kappa,
            eta,
            last_error: 0.0,
        }
    }

    /// A trial ending in outcome λ (1 reinforced, 0 not); returns δ.
    pub fn trial(&mut self, outcome: f64) -> f64 {
        let delta = outcome - self.value;
        // V learns with the associability earned on earlier trials; this
        // trial's surprise sets the next one's (Li et al. 2011, eq. 2–3).
        self.value += self.kappa * self.alpha * delta;
        self.alpha = self.eta * delta.abs() + (1.0 - self.eta) * self.alpha;
        self.last_error = delta;
        delta
    }

    /// The associative value V.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The associability α.
    pub fn associability(&self) -> f64 {
        self.alpha
    }
}

impl Rule for Associability {
    const INFO: RuleInfo = RuleInfo {
        name: "associability",
        modifies: &["value", "associability"],
        records: &["value", "associability", "prediction_error"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "value" => Some(self.value),
            "associability" => Some(self.alpha),
            "prediction_error" => Some(self.last_error),
            _ => None,
        }
    }
}
