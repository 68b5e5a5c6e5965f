//! Probabilistic reversal learning (docs/science/criteria.md §8, DOYA-3).

use super::task::{Criterion, Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{limits::MAX_TRIALS, Check, Field, Gate};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Two options, one rewarded with `p_good` and the other with `p_bad`;
/// which one is good reverses every `period` trials (`mode: "fixed"`) or once
/// the learner has made `criterion` correct choices in a row
/// (`mode: "criterion"`, Bari et al. 2010). Defaults: 80/20, reversal every
/// 40 trials, 400 trials (docs/science/criteria.md §8.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReversalSpec {
    /// Reward probability of the currently good option.
    pub p_good: f64,
    /// Reward probability of the currently bad option.
    pub p_bad: f64,
    /// `fixed`: reverse every `period` trials; `criterion`: reverse after `criterion` correct in a row.
    pub mode: String,
    /// Trials between reversals in `fixed` mode.
    pub period: u32,
    /// Consecutive correct choices that reach criterion (and reverse in `criterion` mode).
    pub criterion: u32,
    /// Trials per run.
    pub trials: u32,
}

impl Default for ReversalSpec {
    fn default() -> Self {
        ReversalSpec {
            p_good: 0.8,
            p_bad: 0.2,
            mode: "fixed".into(),
            period: 40,
            criterion: 8,
            trials: 400,
        }
    }
}

impl ReversalSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::number(
            "p_good",
            "P(reward) good option",
            "Probability that the currently good option pays 1.",
            0.0,
            1.0,
        ),
        Field::number(
            "p_bad",
            "P(reward) bad option",
            "Probability that the currently bad option pays 1.",
            0.0,
            1.0,
        ),
        Field::choice(
            "mode",
            "Reversal rule",
            "fixed: reverse every `period` trials; criterion: reverse after `criterion` correct choices in a row.",
            &["fixed", "criterion"],
        ),
        Field::integer(
            "period",
            "Reversal period",
            "Trials between reversals in fixed mode.",
            1.0,
            MAX_TRIALS as f64,
        )
        // Criterion mode reverses after `criterion` correct choices.
        .when(&[Gate::new("mode", &["fixed"])]),
        Field::integer(
            "criterion",
            "Criterion",
            "Consecutive correct choices that count as learned (and reverse in criterion mode).",
            1.0,
            1000.0,
        ),
        Field::trials(),
    ];

    /// Cross-field rules: the good option must be better (`period` is
    /// read only in fixed mode: [`Field::read_when`]).
    pub fn validate(&self, c: &mut Check) {
        if self.p_good <= self.p_bad {
            c.fail(
                "p_good",
                format!(
                    "must be greater than p_bad ({}), got {}",
                    self.p_bad, self.p_good
                ),
            );
        }
    }
}

/// The running reversal task.
#[derive(Clone, Debug)]
pub struct Reversal {
    spec: ReversalSpec,
    by_criterion: bool,
    good: usize,
    features: [f64; 1],
    trial_in_block: u32,
    run_correct: u32,
    reached: bool,
    reversals: u32,
    reversed_now: bool,
    last_choice: Option<usize>,
    last_reward: bool,
    metrics: [f64; 9],
}

crate::metric_slots! {
    /// Per-trial metrics of [`Reversal`]. `win_stay`, `lose_shift` are 1 only on
    /// trials after a win (loss) where the learner stayed (shifted): P(win-stay)
    /// = Σ win_stay / Σ after_win, P(lose-shift) = Σ lose_shift / Σ (1 − after_win).
    pub enum Slot in METRICS {
        GoodOption => Metric::new("good_option", "good option", "index", Group::Task),
        Reversal => Metric::new("reversal", "reversal this trial", "", Group::Task).within(0.0, 1.0),
        Reversals => Metric::new("reversals", "reversals so far", "count", Group::Task),
        TrialInBlock => Metric::new("trial_in_block", "trial in block", "trials", Group::Task),
        TrialsToCriterion => Metric::new(
        "trials_to_criterion",
        "trials to criterion",
        "trials",
        Group::Behaviour,
    ),
        Stay => Metric::new("stay", "P(stay)", "", Group::Behaviour).within(0.0, 1.0),
        AfterWin => Metric::new("after_win", "trial after a win", "", Group::Task).within(0.0, 1.0),
        WinStay => Metric::new("win_stay", "win-stay", "", Group::Behaviour).within(0.0, 1.0),
        LoseShift => Metric::new("lose_shift", "lose-shift", "", Group::Behaviour).within(0.0, 1.0),
    }
}

impl Reversal {
    /// A reversal task; option 0 is good first.
    pub fn new(spec: &ReversalSpec) -> Self {
        Reversal {
            spec: spec.clone(),
            by_criterion: spec.mode == "criterion",
            good: 0,
            features: [1.0],
            trial_in_block: 0,
            run_correct: 0,
            reached: false,
            reversals: 0,
            reversed_now: false,
            last_choice: None,
            last_reward: false,
            metrics: [0.0; 9],
        }
    }
}

impl Task for Reversal {
    fn n_features(&self) -> usize {
        1
    }
    fn n_actions(&self) -> usize {
        2
    }
    fn start_trial(&mut self, _rng: &mut Rng) {}
    fn features(&self) -> &[f64] {
        &self.features
    }
    fn best_action(&self) -> Option<usize> {
        Some(self.good)
    }
    fn act(&mut self, action: usize, rng: &mut Rng) -> Step {
        let correct = action == self.good;
        let p = if correct {
            self.spec.p_good
        } else {
            self.spec.p_bad
        };
        let win = rng.bernoulli(p);
        self.trial_in_block += 1;
        let stay = self.last_choice == Some(action);
        let after_win = self.last_choice.is_some() && self.last_reward;
        let after_loss = self.last_choice.is_some() && !self.last_reward;
        self.run_correct = if correct { self.run_correct + 1 } else { 0 };
        let mut to_criterion = 0.0;
        if !self.reached && self.run_correct >= self.spec.criterion {
            self.reached = true;
            to_criterion = self.trial_in_block as f64;
        }
        let m = &mut self.metrics[..];
        m[Slot::GoodOption] = self.good as f64;
        m[Slot::Reversal] = f64::from(u8::from(self.reversed_now));
        m[Slot::TrialInBlock] = self.trial_in_block as f64;
        m[Slot::TrialsToCriterion] = to_criterion;
        m[Slot::Stay] = f64::from(u8::from(stay));
        m[Slot::AfterWin] = f64::from(u8::from(after_win));
        m[Slot::WinStay] = f64::from(u8::from(after_win && stay));
        m[Slot::LoseShift] = f64::from(u8::from(after_loss && !stay));
        self.last_choice = Some(action);
        self.last_reward = win;
        // Reverse after this trial if the rule says so; the next trial is the
        // first of the new block.
        let reverse = if self.by_criterion {
            self.reached
        } else {
            self.trial_in_block >= self.spec.period
        };
        self.reversed_now = reverse;
        if reverse {
            self.good = 1 - self.good;
            self.reversals += 1;
            self.trial_in_block = 0;
            self.run_correct = 0;
            self.reached = false;
        }
        self.metrics[..][Slot::Reversals] = self.reversals as f64;
        Step {
            reward: if win { 1.0 } else { 0.0 },
            end_of_trial: true,
        }
    }
    fn metrics(&self) -> &'static [Metric] {
        METRICS
    }
    fn trial_metrics(&self, out: &mut [f64]) {
        out.copy_from_slice(&self.metrics);
    }
    /// Initial acquisition: `criterion` correct choices in a row, the
    /// task's own definition (Bari et al. 2010).
    fn criterion(&self) -> Option<Criterion> {
        Some(Criterion {
            metric: "correct",
            threshold: 1.0,
            window: self.spec.criterion.max(1),
        })
    }
}

impl TaskKind for ReversalSpec {
    const LABEL: &'static str = "Reversal";
    const ABOUT: &'static str =
        "Two options, 80/20; the better one swaps every N trials or once learned.";
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

impl TrialTask for ReversalSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(Reversal::new(self))
    }
}
