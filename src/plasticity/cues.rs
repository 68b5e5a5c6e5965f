//! Rescorla–Wagner learning over compound cues.

use super::rule::{mean, Rule, RuleInfo};

/// Associative strengths of several cues learned together:
/// prediction V = Σ_{present} w_X, and every present cue changes by
/// Δw_X = α_X·β·(λ − V) (Rescorla & Wagner 1972), where α_X is the cue's
/// salience and β the outcome's learning rate. Shared error explains
/// blocking, overshadowing, conditioned inhibition and overexpectation.
#[derive(Clone, Debug, PartialEq)]
pub struct Cues {
    weights: Vec<f64>,
    salience: Vec<f64>,
    beta: f64,
    last_error: f64,
}

impl Cues {
    /// Naive strengths (0) for cues with the given saliences α_X and
    /// outcome rate β.
    pub fn new(salience: Vec<f64>, beta: f64) -> Self {
        Cues {
            weights: vec![0.0; salience.len()],
            salience,
            beta,
            last_error: 0.0,
        }
    }

    /// The summed prediction of the cues in `present` (indices).
    pub fn predict(&self, present: &[usize]) -> f64 {
        present.iter().filter_map(|&i| self.weights.get(i)).sum()
    }

    /// A trial with cues `present` and outcome λ; returns λ − V.
    /// Indices out of range are ignored.
    pub fn trial(&mut self, present: &[usize], outcome: f64) -> f64 {
        let error = outcome - self.predict(present);
        for &i in present {
            if let (Some(w), Some(a)) = (self.weights.get_mut(i), self.salience.get(i)) {
                *w += a * self.beta * error;
            }
        }
        self.last_error = error;
        error
    }

    /// The associative strength of every cue.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
}

impl Rule for Cues {
    const INFO: RuleInfo = RuleInfo {
        name: "rescorla_wagner",
        modifies: &["weights"],
        records: &["weight", "prediction_error"],
    };

    fn record(&self, what: &str) -> Option<f64> {
        match what {
            "weight" => Some(mean(&self.weights)),
            "prediction_error" => Some(self.last_error),
            _ => None,
        }
    }
}
