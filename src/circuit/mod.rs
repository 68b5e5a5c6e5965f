//! The rate-level learner: a critic and a striatal actor sharing one
//! dopamine broadcast.

use crate::neuromod::DopamineNucleus;
use crate::plasticity::{EligibilityTrace, ThreeFactor};
use crate::rng::Rng;
use crate::scenario::{Condition, ModelSpec};

/// What the circuit records each trial, in the order of [`Circuit::trial_metrics`].
pub const METRICS: &[&str] = &["dopamine", "dopamine_tonic", "learning_rate", "value"];

/// Linear action values Q(s, a) = w_a · x(s), learned by the three-factor
/// rule with dopamine as the third factor, and a softmax choice over them.
///
/// The prediction error is the SARSA temporal difference
/// δ = r + γ·Q(s′, a′) − Q(s, a) (Rummery & Niranjan 1994; dopamine follows
/// the chosen action's value, Morris et al. 2006). Dopamine DA = g·δ (or a
/// clamp) converts the eligibility e into change: Δw = η·DA·e. With one
/// feature, λ = 0 and g = 1 this is Q-learning as in science-criteria.md §9.1.
#[derive(Clone, Debug)]
pub struct Circuit {
    n_features: usize,
    n_actions: usize,
    weights: Vec<f64>,
    trace: EligibilityTrace,
    rule: ThreeFactor,
    dopamine: DopamineNucleus,
    inverse_temperature: f64,
    discount: f64,
    trace_decay: f64,
    probabilities: Vec<f64>,
    last_value: f64,
}

impl Circuit {
    /// A naive circuit for a task with `n_features` features and `n_actions` actions.
    pub fn new(
        model: &ModelSpec,
        condition: &Condition,
        n_features: usize,
        n_actions: usize,
    ) -> Self {
        let n = n_features * n_actions;
        Circuit {
            n_features,
            n_actions,
            // Q₀ on a bias-like first feature; other features start at zero.
            weights: (0..n)
                .map(|i| {
                    if i % n_features == 0 {
                        model.initial_value
                    } else {
                        0.0
                    }
                })
                .collect(),
            trace: EligibilityTrace::new(n),
            rule: ThreeFactor {
                rate: model.learning_rate,
            },
            dopamine: DopamineNucleus::new(&condition.dopamine, model.average_reward_rate),
            inverse_temperature: model.inverse_temperature,
            discount: model.discount,
            trace_decay: model.trace_decay,
            probabilities: vec![0.0; n_actions],
            last_value: model.initial_value,
        }
    }

    /// Q(s, a) for features `x`.
    pub fn value(&self, x: &[f64], action: usize) -> f64 {
        let row = &self.weights[action * self.n_features..(action + 1) * self.n_features];
        row.iter().zip(x).map(|(w, x)| w * x).sum()
    }

    /// Softmax choice: P(a) ∝ exp(β·(Q(s,a) − max Q)).
    pub fn choose(&mut self, x: &[f64], rng: &mut Rng) -> usize {
        let mut max = f64::NEG_INFINITY;
        for a in 0..self.n_actions {
            let q = self.value(x, a);
            self.probabilities[a] = q;
            max = max.max(q);
        }
        for p in self.probabilities.iter_mut() {
            *p = libm::exp(self.inverse_temperature * (*p - max));
        }
        rng.categorical(&self.probabilities)
    }

    /// Learns from taking `action` in `x` and receiving `reward`; `next` is
    /// the following state and action within the trial, or `None` at its end.
    pub fn learn(&mut self, x: &[f64], action: usize, reward: f64, next: Option<(&[f64], usize)>) {
        let q = self.value(x, action);
        let bootstrap = next.map_or(0.0, |(x2, a2)| self.discount * self.value(x2, a2));
        let delta = reward + bootstrap - q;
        let da = self.dopamine.respond(delta, reward);
        self.trace.tag(action * self.n_features, x, 1.0);
        self.rule.apply(&mut self.weights, &self.trace, da);
        self.trace.decay(self.discount * self.trace_decay);
        self.last_value = q;
    }

    /// Ends a trial: traces do not carry over to the next one.
    pub fn end_trial(&mut self) {
        self.trace.clear();
    }

    /// Fills `out` with this trial's values of [`METRICS`].
    pub fn trial_metrics(&self, out: &mut [f64]) {
        let da = self.dopamine.level();
        out[0] = da.phasic;
        out[1] = da.tonic;
        out[2] = self.rule.rate;
        out[3] = self.last_value;
    }

    /// The dopamine levels after the last step.
    pub fn dopamine(&self) -> crate::neuromod::Level {
        self.dopamine.level()
    }

    /// The learned weights, action-major (for tests and charts).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
}
