//! The Kalman-filter learner of Daw, O'Doherty, Dayan, Seymour & Dolan (2006)
//! Nature 441:876 for the restless bandit (docs/science/criteria.md §9.2;
//! docs/circuit.md, "Kalman learner").
//!
//! Each action a has a Gaussian belief about its mean payoff, posterior mean
//! μ̂_a and variance σ̂²_a. After choosing c and receiving r:
//!
//!   κ = σ̂²_c / (σ̂²_c + σ_o²)             (Kalman gain, chosen arm only)
//!   μ̂_c ← μ̂_c + κ·(r − μ̂_c),   σ̂²_c ← (1 − κ)·σ̂²_c
//!
//! then every arm's belief follows the task's decaying random walk to the
//! next trial:
//!
//!   μ̂_a ← λ·μ̂_a + (1 − λ)·θ,   σ̂²_a ← λ²·σ̂²_a + σ_d²
//!
//! with σ_o the observation noise, σ_d the diffusion SD, λ the decay and θ
//! the centre (Daw 2006 fitted these; the defaults here are the task's own
//! generative constants in reward units, the ideal observer: σ_o = 4, σ_d =
//! 2.8 points, λ = 0.9836, θ = 50 points, × `reward_scale` 0.01). The prior
//! is μ̂ = Q₀ (`model.initial_value`) and σ̂ = `prior_sd` (default the walk's
//! stationary SD σ_d/√(1 − λ²) = 15.5 points). Choice is the circuit's
//! softmax over μ̂ (the critic's weights are set to μ̂ after each update), so
//! r − μ̂_c is the prediction error dopamine reports.

use crate::params::{Check, Field, Gate};
use serde::{Deserialize, Serialize};

/// Which learner sets the action values (`model.learner`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Learner {
    /// The three-factor (delta-rule / TD) critic.
    #[default]
    Delta,
    /// A Kalman filter per action (Daw et al. 2006); single-state tasks only.
    Kalman,
}

/// Parameters of the Kalman learner (`model.kalman`), in reward units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KalmanSpec {
    /// Observation noise σ_o (SD of a payoff around its arm's mean).
    pub observation_sd: f64,
    /// Diffusion σ_d (SD of an arm mean's step per trial).
    pub diffusion_sd: f64,
    /// Decay λ of every mean toward the centre per trial.
    pub decay: f64,
    /// Centre θ of the random walk.
    pub centre: f64,
    /// Prior SD σ̂₀ of every arm's mean.
    pub prior_sd: f64,
}

impl Default for KalmanSpec {
    fn default() -> Self {
        KalmanSpec {
            observation_sd: 0.04,
            diffusion_sd: 0.028,
            decay: 0.9836,
            centre: 0.5,
            prior_sd: 0.155,
        }
    }
}

/// The fields of `model.learner` and `model.kalman`, for [`super::ModelSpec::FIELDS`].
pub const FIELDS: [Field; 6] = [
    Field::choice(
        "learner",
        "Learner",
        "delta: the three-factor critic; kalman: a Kalman filter per action (Daw et al. 2006), for single-state tasks (bandit, reversal, volatile, restless).",
        &["delta", "kalman"],
    ),
    Field::number(
        "kalman.observation_sd",
        "Kalman σ_o",
        "kalman: observation noise, SD of a payoff around its arm's mean (reward units).",
        0.001,
        100.0,
    ).when(&[Gate::new("learner", &["kalman"])]),
    Field::number(
        "kalman.diffusion_sd",
        "Kalman σ_d",
        "kalman: SD of each arm mean's random step per trial (reward units).",
        0.0,
        100.0,
    ).when(&[Gate::new("learner", &["kalman"])]),
    Field::number(
        "kalman.decay",
        "Kalman λ",
        "kalman: each believed mean moves to λ·μ + (1 − λ)·θ per trial.",
        0.0,
        1.0,
    ).when(&[Gate::new("learner", &["kalman"])]),
    Field::number(
        "kalman.centre",
        "Kalman θ",
        "kalman: centre of the random walk (reward units).",
        -1000.0,
        1000.0,
    ).when(&[Gate::new("learner", &["kalman"])]),
    Field::number(
        "kalman.prior_sd",
        "Kalman σ₀",
        "kalman: prior SD of every arm's mean (reward units).",
        0.0,
        1000.0,
    ).when(&[Gate::new("learner", &["kalman"])]),
];

/// Refuses the Kalman learner on a task with more than one feature (its
/// belief is one number per action, not per state).
pub fn check_task(learner: Learner, n_features: usize, c: &mut Check) {
    if learner == Learner::Kalman && n_features != 1 {
        c.fail(
            "learner",
            format!("kalman values one number per action: it needs a single-state task (bandit, reversal, volatile, restless), got a task with {n_features} features"),
        );
    }
}

/// Posterior beliefs about each action's mean payoff.
#[derive(Clone, Debug)]
pub struct Kalman {
    spec: KalmanSpec,
    mean: Vec<f64>,
    var: Vec<f64>,
    gain: f64,
}

impl Kalman {
    /// Beliefs over `n` actions at the prior N(`prior_mean`, σ̂₀²).
    pub fn new(spec: &KalmanSpec, n: usize, prior_mean: f64) -> Self {
        Kalman {
            spec: spec.clone(),
            mean: vec![prior_mean; n],
            var: vec![spec.prior_sd * spec.prior_sd; n],
            gain: 0.0,
        }
    }

    /// Observes `reward` for `chosen`, then moves every belief one trial on.
    pub fn observe(&mut self, chosen: usize, reward: f64) {
        let s = &self.spec;
        let noise = s.observation_sd * s.observation_sd;
        if let (Some(m), Some(v)) = (self.mean.get_mut(chosen), self.var.get_mut(chosen)) {
            let k = *v / (*v + noise).max(1e-12);
            *m += k * (reward - *m);
            *v *= 1.0 - k;
            self.gain = k;
        }
        let diffusion = s.diffusion_sd * s.diffusion_sd;
        for (m, v) in self.mean.iter_mut().zip(self.var.iter_mut()) {
            *m = s.decay * *m + (1.0 - s.decay) * s.centre;
            *v = s.decay * s.decay * *v + diffusion;
        }
    }

    /// Posterior means μ̂, one per action.
    pub fn means(&self) -> &[f64] {
        &self.mean
    }

    /// Posterior variances σ̂², one per action.
    pub fn variances(&self) -> &[f64] {
        &self.var
    }

    /// The Kalman gain κ of the last observation.
    pub fn gain(&self) -> f64 {
        self.gain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> KalmanSpec {
        KalmanSpec {
            observation_sd: 4.0,
            diffusion_sd: 2.8,
            decay: 0.9836,
            centre: 50.0,
            prior_sd: 15.5,
        }
    }

    #[test]
    fn update_matches_the_equations_by_hand() {
        let mut k = Kalman::new(&spec(), 2, 50.0);
        k.observe(0, 70.0);
        let v0 = 15.5 * 15.5;
        let kappa = v0 / (v0 + 16.0);
        let m = 50.0 + kappa * 20.0;
        let lambda: f64 = 0.9836;
        assert!((k.gain() - kappa).abs() < 1e-12);
        assert!((k.means()[0] - (lambda * m + (1.0 - lambda) * 50.0)).abs() < 1e-12);
        assert!((k.variances()[0] - (lambda * lambda * (1.0 - kappa) * v0 + 7.84)).abs() < 1e-9);
        // The unchosen arm only diffuses.
        assert!((k.means()[1] - 50.0).abs() < 1e-12);
        assert!((k.variances()[1] - (lambda * lambda * v0 + 7.84)).abs() < 1e-9);
    }

    #[test]
    fn variance_of_an_unsampled_arm_tends_to_the_stationary_value() {
        let mut k = Kalman::new(&spec(), 2, 50.0);
        for _ in 0..2000 {
            k.observe(0, 50.0);
        }
        let stationary = 2.8 * 2.8 / (1.0 - 0.9836f64 * 0.9836);
        assert!((k.variances()[1] - stationary).abs() < 1e-6);
        // The sampled arm settles where gain and diffusion balance, far below.
        assert!(k.variances()[0] < 0.2 * stationary);
        assert!(k.gain() > 0.0 && k.gain() < 1.0);
    }

    #[test]
    fn a_constant_payoff_is_learned() {
        let s = KalmanSpec {
            decay: 1.0,
            diffusion_sd: 0.0,
            ..spec()
        };
        let mut k = Kalman::new(&s, 1, 0.0);
        for _ in 0..200 {
            k.observe(0, 10.0);
        }
        assert!((k.means()[0] - 10.0).abs() < 0.05);
    }

    #[test]
    fn kalman_fields_are_validated_by_name() {
        let err = |model: &str, kind: &str| {
            let text = format!(r#"{{"task": {{"kind": "{kind}"}}, "model": {model}}}"#);
            crate::scenario::Scenario::from_json(&text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err(r#"{"learner": "kalman"}"#, "restless").is_empty());
        let e = err(r#"{"learner": "kalman"}"#, "two_step");
        assert!(
            e.contains("model.learner: kalman values one number per action"),
            "{e}"
        );
        let e = err(r#"{"learner": "bayes"}"#, "restless");
        assert!(e.contains("model.learner"), "{e}");
        let e = err(r#"{"kalman": {"decay": 1.5}}"#, "restless");
        assert!(
            e.contains("model.kalman.decay: must be within [0, 1], got 1.5"),
            "{e}"
        );
    }

    #[test]
    fn the_kalman_learner_needs_a_single_state_task() {
        let mut c = Check::default();
        check_task(Learner::Kalman, 3, &mut c);
        assert!(!c.is_ok());
        let mut c = Check::default();
        check_task(Learner::Kalman, 1, &mut c);
        check_task(Learner::Delta, 3, &mut c);
        assert!(c.is_ok());
    }
}
