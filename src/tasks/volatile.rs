//! Stable and volatile blocks of Behrens, Woolrich, Walton & Rushworth
//! (2007) Nat Neurosci 10:1214 (docs/science/criteria.md §5).

use super::task::{Counterfactual, Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{Check, Field, Gate};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Two options. In the stable block the better option (option 0 unless a
/// volatile block came first) is correct with probability `stable_p`
/// throughout; in the volatile block the better
/// option (probability `volatile_p`) swaps every `period_min`–`period_max`
/// trials (uniform). With `full_feedback` exactly one option is correct on
/// each trial, so the outcome of the chosen option also tells the outcome of
/// the other (as in Behrens 2007); without it each option pays
/// independently. Defaults: 120 stable trials at 75 %, then 170 volatile
/// trials at 80/20 swapping every 30–40 trials (docs/science/criteria.md §5.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VolatileSpec {
    /// Trials in the stable block.
    pub stable_trials: u32,
    /// Probability that the better option is correct in the stable block.
    pub stable_p: f64,
    /// Trials in the volatile block.
    pub volatile_trials: u32,
    /// Probability that the better option is correct in the volatile block.
    pub volatile_p: f64,
    /// Fewest trials between swaps in the volatile block.
    pub period_min: u32,
    /// Most trials between swaps in the volatile block.
    pub period_max: u32,
    /// `stable_first` or `volatile_first`.
    pub order: String,
    /// Exactly one option is correct each trial (its outcome reveals the other's).
    pub full_feedback: bool,
}

impl Default for VolatileSpec {
    fn default() -> Self {
        VolatileSpec {
            stable_trials: 120,
            stable_p: 0.75,
            volatile_trials: 170,
            volatile_p: 0.8,
            period_min: 30,
            period_max: 40,
            order: "stable_first".into(),
            full_feedback: true,
        }
    }
}

/// Most trials per block.
const MAX_BLOCK: f64 = 1_000_000.0;

impl VolatileSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::integer(
            "stable_trials",
            "Stable trials",
            "Trials in the stable block.",
            0.0,
            MAX_BLOCK,
        ),
        Field::number(
            "stable_p",
            "Stable P(better)",
            "Probability that the better option is correct in the stable block.",
            0.0,
            1.0,
        ).when(&[Gate::new("stable_trials", &[">0"])]),
        Field::integer(
            "volatile_trials",
            "Volatile trials",
            "Trials in the volatile block.",
            0.0,
            MAX_BLOCK,
        ),
        Field::number(
            "volatile_p",
            "Volatile P(better)",
            "Probability that the better option is correct in the volatile block.",
            0.0,
            1.0,
        ).when(&[Gate::new("volatile_trials", &[">0"])]),
        Field::integer(
            "period_min",
            "Shortest period",
            "Fewest trials between swaps of the better option in the volatile block.",
            1.0,
            MAX_BLOCK,
        ).when(&[Gate::new("volatile_trials", &[">0"])]),
        Field::integer(
            "period_max",
            "Longest period",
            "Most trials between swaps of the better option in the volatile block.",
            1.0,
            MAX_BLOCK,
        ).when(&[Gate::new("volatile_trials", &[">0"])]),
        Field::choice(
            "order",
            "Block order",
            "Which block comes first.",
            &["stable_first", "volatile_first"],
        ).when(&[Gate::new("stable_trials", &[">0"]), Gate::new("volatile_trials", &[">0"])]),
        Field::flag(
            "full_feedback",
            "Full feedback",
            "Exactly one option is correct each trial, so each outcome also tells the other option's.",
        ),
    ];

    /// Trials per run: both blocks.
    pub fn trials(&self) -> u32 {
        self.stable_trials.saturating_add(self.volatile_trials)
    }

    /// Cross-field rules: an ordered period range and at least one trial.
    pub fn validate(&self, c: &mut Check) {
        if self.period_min > self.period_max {
            c.fail(
                "period_max",
                format!(
                    "must be at least period_min ({}), got {}",
                    self.period_min, self.period_max
                ),
            );
        }
        if self.trials() == 0 {
            c.fail(
                "stable_trials",
                "stable_trials + volatile_trials must be at least 1, got 0",
            );
        }
    }
}

/// The running task.
#[derive(Clone, Debug)]
pub struct Volatile {
    spec: VolatileSpec,
    trial: u32,
    better: usize,
    until_swap: u32,
    in_volatile: bool,
    swapped: bool,
    features: [f64; 1],
    metrics: [f64; 4],
    /// With full feedback: the other option's outcome on this trial.
    revealed: Option<Counterfactual>,
}

crate::metric_slots! {
    /// The rows of [`METRICS`], by name.
    pub enum Slot in METRICS {
        Volatile => Metric::new("volatile", "volatile block", "", Group::Task).within(0.0, 1.0),
        BetterOption => Metric::new("better_option", "better option", "index", Group::Task),
        Swap => Metric::new("swap", "swap this trial", "", Group::Task).within(0.0, 1.0),
        OtherReward => Metric::new(
        "other_reward",
        "reward of the option not chosen",
        "",
        Group::Task,
    ),
    }
}

impl Volatile {
    /// A task at its first trial.
    pub fn new(spec: &VolatileSpec) -> Self {
        Volatile {
            spec: spec.clone(),
            trial: 0,
            better: 0,
            until_swap: 0,
            in_volatile: false,
            swapped: false,
            features: [1.0],
            metrics: [0.0; 4],
            revealed: None,
        }
    }

    fn draw_period(&self, rng: &mut Rng) -> u32 {
        let (lo, hi) = (
            self.spec.period_min,
            self.spec.period_max.max(self.spec.period_min),
        );
        lo + rng.below((hi - lo + 1) as usize) as u32
    }

    fn p_better(&self) -> f64 {
        if self.in_volatile {
            self.spec.volatile_p
        } else {
            self.spec.stable_p
        }
    }
}

impl Task for Volatile {
    fn n_features(&self) -> usize {
        1
    }
    fn n_actions(&self) -> usize {
        2
    }
    fn start_trial(&mut self, rng: &mut Rng) {
        let s = &self.spec;
        let first_len = if s.order == "volatile_first" {
            s.volatile_trials
        } else {
            s.stable_trials
        };
        let volatile_now = (s.order == "volatile_first") == (self.trial < first_len);
        self.swapped = false;
        if volatile_now && !self.in_volatile {
            // Entering the volatile block: draw the first period.
            self.in_volatile = true;
            self.until_swap = self.draw_period(rng);
        } else if !volatile_now && self.in_volatile {
            self.in_volatile = false;
        } else if self.in_volatile && self.until_swap == 0 {
            self.better = 1 - self.better;
            self.swapped = true;
            self.until_swap = self.draw_period(rng);
        }
        if self.in_volatile {
            self.until_swap -= 1;
        }
        self.trial += 1;
    }
    fn features(&self) -> &[f64] {
        &self.features
    }
    fn best_action(&self) -> Option<usize> {
        Some(self.better)
    }
    fn act(&mut self, action: usize, rng: &mut Rng) -> Step {
        let p = self.p_better();
        let (win, other) = if self.spec.full_feedback {
            let better_correct = rng.bernoulli(p);
            let chosen_correct = better_correct == (action == self.better);
            (chosen_correct, !chosen_correct)
        } else {
            let p_of = |a: usize| if a == self.better { p } else { 1.0 - p };
            let w = rng.bernoulli(p_of(action));
            let o = rng.bernoulli(p_of(1 - action.min(1)));
            (w, o)
        };
        let b = |x: bool| f64::from(u8::from(x));
        // Only with full feedback does the chosen outcome tell the other's.
        self.revealed = self.spec.full_feedback.then(|| Counterfactual {
            action: 1 - action.min(1),
            reward: b(other),
        });
        let m = &mut self.metrics[..];
        m[Slot::Volatile] = b(self.in_volatile);
        m[Slot::BetterOption] = self.better as f64;
        m[Slot::Swap] = b(self.swapped);
        m[Slot::OtherReward] = b(other);
        Step {
            reward: b(win),
            end_of_trial: true,
        }
    }
    fn metrics(&self) -> &'static [Metric] {
        METRICS
    }
    /// With `full_feedback`, the unchosen option's outcome (1 − the chosen one's).
    fn counterfactual(&self) -> Option<Counterfactual> {
        self.revealed
    }
    fn reveals_unchosen(&self) -> bool {
        self.spec.full_feedback
    }
    fn trial_metrics(&self, out: &mut [f64]) {
        out.copy_from_slice(&self.metrics);
    }
}

impl TaskKind for VolatileSpec {
    const LABEL: &'static str = "Volatility";
    const ABOUT: &'static str = "A stable block and a volatile block where the better option keeps swapping (Behrens 2007).";
    fn fields() -> &'static [Field] {
        Self::FIELDS
    }
    fn run_length(&self) -> u32 {
        self.trials()
    }
    fn check_rules(&self, c: &mut Check) {
        self.validate(c)
    }
}

impl TrialTask for VolatileSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(Volatile::new(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn full_feedback_reveals_the_other_outcome_and_only_then() {
        let mut rng = Rng::new(3, crate::rng::Stream::Task);
        for full in [true, false] {
            let mut t = Volatile::new(&VolatileSpec {
                full_feedback: full,
                ..VolatileSpec::default()
            });
            for _ in 0..50 {
                t.start_trial(&mut rng);
                let step = t.act(1, &mut rng);
                match t.counterfactual() {
                    Some(cf) => {
                        assert!(full);
                        assert_eq!(cf.action, 0);
                        assert_eq!(cf.reward, 1.0 - step.reward);
                    }
                    None => assert!(!full),
                }
            }
        }
    }

    #[test]
    fn the_counterfactual_flag_is_validated_by_name() {
        let e = Scenario::from_json(
            r#"{"task": {"kind": "volatile"}, "model": {"counterfactual": 1}}"#,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(e.contains("model.counterfactual"), "{e}");
    }
}
