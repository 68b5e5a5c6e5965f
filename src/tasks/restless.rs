//! Restless four-armed bandit of Daw, O'Doherty, Dayan, Seymour & Dolan
//! (2006) Nature 441:876 (docs/science/criteria.md §9.2).

use super::task::{Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{Check, Field};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Most arms a restless bandit may have.
pub const MAX_ARMS: usize = 16;

/// Each arm's mean payoff follows a decaying Gaussian random walk
/// μ ← λμ + (1 − λ)θ + ν, ν ~ N(0, σ_d²); a choice pays
/// round(N(μ, σ_o²)) points clipped to [payoff_min, payoff_max], delivered
/// to the learner as points × reward_scale. Defaults: Daw et al. (2006)
/// constants λ = 0.9836, θ = 50, σ_d = 2.8, σ_o = 4, points 1–100, 300 trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RestlessSpec {
    /// Number of arms.
    pub arms: u32,
    /// Decay λ of each mean towards θ per trial.
    pub decay: f64,
    /// Centre θ of the walk, in points.
    pub centre: f64,
    /// Diffusion SD σ_d of the walk per trial, in points.
    pub diffusion_sd: f64,
    /// Observation SD σ_o of a payoff around its mean, in points.
    pub payoff_sd: f64,
    /// Smallest payoff, in points.
    pub payoff_min: f64,
    /// Largest payoff, in points.
    pub payoff_max: f64,
    /// Reward delivered per point (keeps rewards near the learner's scale).
    pub reward_scale: f64,
    /// Trials per run.
    pub trials: u32,
}

impl Default for RestlessSpec {
    fn default() -> Self {
        RestlessSpec {
            arms: 4,
            decay: 0.9836,
            centre: 50.0,
            diffusion_sd: 2.8,
            payoff_sd: 4.0,
            payoff_min: 1.0,
            payoff_max: 100.0,
            reward_scale: 0.01,
            trials: 300,
        }
    }
}

impl RestlessSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::integer("arms", "Arms", "Number of arms.", 2.0, MAX_ARMS as f64),
        Field::number(
            "decay",
            "Decay λ",
            "Each mean moves to λ·μ + (1 − λ)·θ per trial (1 = no pull to the centre).",
            0.0,
            1.0,
        ),
        Field::number(
            "centre",
            "Centre θ",
            "Centre of the random walk, in points.",
            -1000.0,
            1000.0,
        ),
        Field::number(
            "diffusion_sd",
            "Diffusion SD σ_d",
            "SD of each mean's random step per trial, in points.",
            0.0,
            100.0,
        ),
        Field::number(
            "payoff_sd",
            "Payoff SD σ_o",
            "SD of a payoff around its arm's mean, in points.",
            0.0,
            100.0,
        ),
        Field::number(
            "payoff_min",
            "Lowest payoff",
            "Payoffs are clipped below at this many points.",
            -1000.0,
            1000.0,
        ),
        Field::number(
            "payoff_max",
            "Highest payoff",
            "Payoffs are clipped above at this many points.",
            -1000.0,
            1000.0,
        ),
        Field::number(
            "reward_scale",
            "Reward per point",
            "The learner receives points × this as reward.",
            0.0,
            10.0,
        ),
        Field::trials(),
    ];

    /// Cross-field rules: a non-empty payoff range.
    pub fn validate(&self, c: &mut Check) {
        if self.payoff_min >= self.payoff_max {
            c.fail(
                "payoff_max",
                format!(
                    "must be greater than payoff_min ({}), got {}",
                    self.payoff_min, self.payoff_max
                ),
            );
        }
    }
}

/// The running restless bandit.
#[derive(Clone, Debug)]
pub struct Restless {
    spec: RestlessSpec,
    means: Vec<f64>,
    started: bool,
    features: [f64; 1],
    metrics: [f64; 2],
}

crate::metric_slots! {
    /// What the task records per trial.
    pub enum Slot in METRICS {
        Points => Metric::new("points", "points won", "points", Group::Behaviour),
        BestMean => Metric::new("best_mean", "best arm's mean payoff", "points", Group::Task),
    }
}

impl Restless {
    /// A restless bandit; the means are drawn at the first trial.
    pub fn new(spec: &RestlessSpec) -> Self {
        Restless {
            spec: spec.clone(),
            means: vec![spec.centre; spec.arms as usize],
            started: false,
            features: [1.0],
            metrics: [0.0; 2],
        }
    }

    /// The arms' current mean payoffs, in points.
    pub fn means(&self) -> &[f64] {
        &self.means
    }
}

impl Task for Restless {
    fn n_features(&self) -> usize {
        1
    }
    fn n_actions(&self) -> usize {
        self.means.len()
    }
    fn start_trial(&mut self, rng: &mut Rng) {
        if !self.started {
            // Start from the walk's stationary law N(θ, σ_d²/(1 − λ²)),
            // its spread capped at 10 σ_d as λ → 1 (no stationary law).
            self.started = true;
            let var = 1.0 - self.spec.decay * self.spec.decay;
            let sd = self.spec.diffusion_sd / var.max(0.01).sqrt();
            for m in &mut self.means {
                *m = self.spec.centre + sd * rng.normal();
            }
        }
    }
    fn features(&self) -> &[f64] {
        &self.features
    }
    fn best_action(&self) -> Option<usize> {
        Some((0..self.means.len()).fold(
            0,
            |b, i| {
                if self.means[i] > self.means[b] {
                    i
                } else {
                    b
                }
            },
        ))
    }
    fn act(&mut self, action: usize, rng: &mut Rng) -> Step {
        let s = &self.spec;
        let mu = self.means.get(action).copied().unwrap_or(s.centre);
        let points = libm::round(mu + s.payoff_sd * rng.normal())
            .max(s.payoff_min)
            .min(s.payoff_max);
        let best = self.means.iter().fold(f64::NEG_INFINITY, |a, b| a.max(*b));
        self.metrics[..][Slot::Points] = points;
        self.metrics[..][Slot::BestMean] = best;
        // The walk moves after the outcome: next trial's means.
        for m in &mut self.means {
            *m = s.decay * *m + (1.0 - s.decay) * s.centre + s.diffusion_sd * rng.normal();
        }
        Step {
            reward: points * s.reward_scale,
            end_of_trial: true,
        }
    }
    fn metrics(&self) -> &'static [Metric] {
        METRICS
    }
    fn trial_metrics(&self, out: &mut [f64]) {
        out.copy_from_slice(&self.metrics);
    }
}

impl TaskKind for RestlessSpec {
    const LABEL: &'static str = "Restless bandit";
    const ABOUT: &'static str = "Four arms whose payoffs drift as random walks (Daw 2006).";
    fn fields() -> &'static [Field] {
        Self::FIELDS
    }
    fn run_length(&self) -> u32 {
        self.trials
    }
    fn check_rules(&self, c: &mut Check) {
        self.validate(c)
    }
}

impl TrialTask for RestlessSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(Restless::new(self))
    }
}
