//! The two-step task of Daw, Gershman, Seymour, Dayan & Dolan (2011)
//! Neuron 69:1204 (docs/science/criteria.md §9.3).

use super::task::{Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{Check, Field};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// A first-stage choice leads to one of two second-stage states, the
/// "common" one with probability `common_prob` (action 0 → state A,
/// action 1 → state B) and the other otherwise; each of the four
/// second-stage options pays 1 with a probability that diffuses as a
/// Gaussian random walk (SD `diffusion_sd` per trial) reflected into
/// [p_min, p_max]. Defaults: Daw et al. (2011), 0.7/0.3, SD 0.025,
/// [0.25, 0.75], 201 trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TwoStepSpec {
    /// Probability of the common transition.
    pub common_prob: f64,
    /// SD of each reward probability's Gaussian step per trial.
    pub diffusion_sd: f64,
    /// Lower reflecting bound of the reward probabilities.
    pub p_min: f64,
    /// Upper reflecting bound of the reward probabilities.
    pub p_max: f64,
    /// Trials per run.
    pub trials: u32,
}

impl Default for TwoStepSpec {
    fn default() -> Self {
        TwoStepSpec {
            common_prob: 0.7,
            diffusion_sd: 0.025,
            p_min: 0.25,
            p_max: 0.75,
            trials: 201,
        }
    }
}

impl TwoStepSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::number(
            "common_prob",
            "P(common transition)",
            "Probability that a first-stage action leads to its usual second-stage state.",
            0.0,
            1.0,
        ),
        Field::number(
            "diffusion_sd",
            "Drift SD",
            "SD of each second-stage reward probability's random step per trial.",
            0.0,
            0.5,
        ),
        Field::number(
            "p_min",
            "Lowest P(reward)",
            "Lower reflecting bound of the second-stage reward probabilities.",
            0.0,
            1.0,
        ),
        Field::number(
            "p_max",
            "Highest P(reward)",
            "Upper reflecting bound of the second-stage reward probabilities.",
            0.0,
            1.0,
        ),
        Field::trials(),
    ];

    /// Cross-field rules: a non-empty probability range.
    pub fn validate(&self, c: &mut Check) {
        if self.p_min > self.p_max {
            c.fail(
                "p_max",
                format!(
                    "must be at least p_min ({}), got {}",
                    self.p_min, self.p_max
                ),
            );
        }
    }
}

/// Reflects `x` into [lo, hi] (then clamps, for steps wider than the range).
pub fn reflect(x: f64, lo: f64, hi: f64) -> f64 {
    let y = if x > hi {
        2.0 * hi - x
    } else if x < lo {
        2.0 * lo - x
    } else {
        x
    };
    y.max(lo).min(hi)
}

/// The running two-step task. Features: one-hot of the state (first stage,
/// second-stage A, second-stage B).
#[derive(Clone, Debug)]
pub struct TwoStep {
    spec: TwoStepSpec,
    /// Reward probabilities [A0, A1, B0, B1].
    p: [f64; 4],
    started: bool,
    stage: u8,
    state2: usize,
    first: usize,
    common: bool,
    last: Option<(usize, bool, bool)>,
    features: [f64; 3],
    metrics: [f64; 6],
}

crate::metric_slots! {
    /// The rows of [`METRICS`], by name.
    pub enum Slot in METRICS {
        FirstChoice => Metric::new("first_choice", "first-stage choice", "index", Group::Task),
        Common => Metric::new("common", "common transition", "", Group::Task).within(0.0, 1.0),
        State2 => Metric::new("state2", "second-stage state", "index", Group::Task),
        Stay => Metric::new("stay", "P(stay)", "", Group::Behaviour).within(0.0, 1.0),
        PrevReward => Metric::new("prev_reward", "previous trial rewarded", "", Group::Task).within(0.0, 1.0),
        PrevCommon => Metric::new("prev_common", "previous transition common", "", Group::Task).within(0.0, 1.0),
    }
}

impl TwoStep {
    /// A two-step task; the probabilities are drawn at the first trial.
    pub fn new(spec: &TwoStepSpec) -> Self {
        TwoStep {
            spec: spec.clone(),
            p: [0.5; 4],
            started: false,
            stage: 1,
            state2: 0,
            first: 0,
            common: true,
            last: None,
            features: [1.0, 0.0, 0.0],
            metrics: [0.0; 6],
        }
    }

    /// The four second-stage reward probabilities [A0, A1, B0, B1].
    pub fn reward_probabilities(&self) -> [f64; 4] {
        self.p
    }
}

impl Task for TwoStep {
    fn n_features(&self) -> usize {
        3
    }
    fn n_actions(&self) -> usize {
        2
    }
    fn steps_per_trial(&self) -> usize {
        2
    }
    fn start_trial(&mut self, rng: &mut Rng) {
        if !self.started {
            self.started = true;
            let (lo, hi) = (self.spec.p_min, self.spec.p_max);
            for p in &mut self.p {
                *p = lo + (hi - lo) * rng.uniform();
            }
        }
        self.stage = 1;
        self.features = [1.0, 0.0, 0.0];
    }
    fn features(&self) -> &[f64] {
        &self.features
    }
    fn best_action(&self) -> Option<usize> {
        let c = self.spec.common_prob;
        let best_a = self.p[0].max(self.p[1]);
        let best_b = self.p[2].max(self.p[3]);
        if self.stage == 1 {
            let v0 = c * best_a + (1.0 - c) * best_b;
            let v1 = c * best_b + (1.0 - c) * best_a;
            Some(usize::from(v1 > v0))
        } else {
            let k = 2 * (self.state2 - 1);
            Some(usize::from(self.p[k + 1] > self.p[k]))
        }
    }
    fn act(&mut self, action: usize, rng: &mut Rng) -> Step {
        let action = action.min(1);
        if self.stage == 1 {
            self.first = action;
            self.common = rng.bernoulli(self.spec.common_prob);
            // Action 0 commonly leads to A (1), action 1 to B (2).
            self.state2 = if self.common { 1 + action } else { 2 - action };
            self.stage = 2;
            self.features = [0.0, 0.0, 0.0];
            self.features[self.state2] = 1.0;
            return Step {
                reward: 0.0,
                end_of_trial: false,
            };
        }
        let k = 2 * (self.state2 - 1) + action;
        let win = rng.bernoulli(self.p[k]);
        let (stay, prev_reward, prev_common) = match self.last {
            Some((f, r, c)) => (f == self.first, r, c),
            None => (false, false, false),
        };
        let b = |x: bool| f64::from(u8::from(x));
        let m = &mut self.metrics[..];
        m[Slot::FirstChoice] = self.first as f64;
        m[Slot::Common] = b(self.common);
        m[Slot::State2] = self.state2 as f64;
        m[Slot::Stay] = b(stay);
        m[Slot::PrevReward] = b(prev_reward);
        m[Slot::PrevCommon] = b(prev_common);
        self.last = Some((self.first, win, self.common));
        let (lo, hi, sd) = (self.spec.p_min, self.spec.p_max, self.spec.diffusion_sd);
        for p in &mut self.p {
            *p = reflect(*p + sd * rng.normal(), lo, hi);
        }
        Step {
            reward: b(win),
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

impl TaskKind for TwoStepSpec {
    const LABEL: &'static str = "Two-step";
    const ABOUT: &'static str =
        "A choice leads to one of two states by common or rare transitions (Daw 2011).";
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

impl TrialTask for TwoStepSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(TwoStep::new(self))
    }
}
