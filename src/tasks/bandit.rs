//! k-armed bandit with Bernoulli payoffs (science-criteria.md §9.1).

use super::{Step, Task};
use crate::rng::Rng;
use crate::scenario::BanditSpec;

/// Each arm pays 1 with its own probability and 0 otherwise; one step a trial.
#[derive(Clone, Debug)]
pub struct Bandit {
    p_reward: Vec<f64>,
    best: usize,
    features: [f64; 1],
}

impl Bandit {
    /// A bandit with the spec's reward probabilities.
    pub fn new(spec: &BanditSpec) -> Self {
        // First arm with the highest probability; ties keep the first.
        let best =
            spec.p_reward
                .iter()
                .enumerate()
                .fold(0, |b, (i, p)| if *p > spec.p_reward[b] { i } else { b });
        Bandit {
            p_reward: spec.p_reward.clone(),
            best,
            features: [1.0],
        }
    }
}

impl Task for Bandit {
    fn n_features(&self) -> usize {
        1
    }
    fn n_actions(&self) -> usize {
        self.p_reward.len()
    }
    fn start_trial(&mut self, _rng: &mut Rng) {}
    fn features(&self) -> &[f64] {
        &self.features
    }
    fn best_action(&self) -> Option<usize> {
        Some(self.best)
    }
    fn act(&mut self, action: usize, rng: &mut Rng) -> Step {
        let p = self.p_reward.get(action).copied().unwrap_or(0.0);
        Step {
            reward: if rng.bernoulli(p) { 1.0 } else { 0.0 },
            end_of_trial: true,
        }
    }
}
