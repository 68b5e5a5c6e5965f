//! k-armed bandit with Bernoulli or Gaussian payoffs (docs/science/criteria.md §9.1).

use super::task::{Criterion, Step, Task, TaskKind, TrialTask};
use crate::params::{Check, Field, Gate};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Most arms a bandit may have.
pub const MAX_ARMS: usize = 64;

/// A k-armed bandit: each trial the learner picks an arm, which pays 1 with
/// its probability and 0 otherwise (`payoff: "bernoulli"`), or a Gaussian
/// amount N(p, sd²) with the same mean p (`payoff: "gaussian"`). Defaults:
/// the 80/20 two-armed Bernoulli bandit of docs/science/criteria.md §9.1, 300 trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BanditSpec {
    /// Reward probability of each arm; the number of entries is the number of arms.
    pub p_reward: Vec<f64>,
    /// Trials per run.
    pub trials: u32,
    /// `bernoulli` (pays 1 or 0) or `gaussian` (pays N(p_reward, sd²)).
    pub payoff: String,
    /// Standard deviation of Gaussian payoffs.
    pub sd: f64,
}

impl Default for BanditSpec {
    fn default() -> Self {
        BanditSpec {
            p_reward: vec![0.8, 0.2],
            trials: 300,
            payoff: "bernoulli".into(),
            sd: 0.3,
        }
    }
}

impl BanditSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::list(
            "p_reward",
            "Reward probabilities",
            "Probability that each arm pays 1; one entry per arm.",
            (2, MAX_ARMS),
            0.0,
            1.0,
        ),
        Field::trials(),
        Field::choice(
            "payoff",
            "Payoff",
            "bernoulli: an arm pays 1 with its probability, else 0; gaussian: it pays N(p_reward, sd²).",
            &["bernoulli", "gaussian"],
        ),
        Field::number(
            "sd",
            "Payoff SD",
            "Standard deviation of Gaussian payoffs (reward units).",
            0.0,
            10.0,
        ).when(&[Gate::new("payoff", &["gaussian"])]),
    ];

    /// Cross-field rules (none for the bandit).
    pub fn validate(&self, _c: &mut Check) {}
}

/// Each arm pays 1 with its own probability and 0 otherwise; one step a trial.
#[derive(Clone, Debug)]
pub struct Bandit {
    p_reward: Vec<f64>,
    /// SD of Gaussian payoffs; `None` for Bernoulli.
    gaussian_sd: Option<f64>,
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
            gaussian_sd: (spec.payoff == "gaussian").then_some(spec.sd),
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
        let reward = match self.gaussian_sd {
            Some(sd) => p + sd * rng.normal(),
            None => f64::from(u8::from(rng.bernoulli(p))),
        };
        Step {
            reward,
            end_of_trial: true,
        }
    }
    /// 75 % best choices, the level DOYA-4 (docs/science/criteria.md) counts
    /// trials to; over the last 10 trials so one lucky choice is not enough.
    fn criterion(&self) -> Option<Criterion> {
        Some(Criterion {
            metric: "correct",
            threshold: 0.75,
            window: 10,
        })
    }
}

impl TaskKind for BanditSpec {
    const LABEL: &'static str = "Bandit";
    const ABOUT: &'static str = "Choose among arms that pay off with fixed probabilities.";
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

impl TrialTask for BanditSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(Bandit::new(self))
    }
}
