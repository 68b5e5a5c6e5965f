//! Reward- and punishment-based reversal learning (Cools, Frank, Gibbs,
//! Miyakawa, Jagust & D'Esposito 2009 J Neurosci 29:1538; the design of
//! Cools, Altamirano & D'Esposito 2006; docs/science/criteria.md §8, REV-5).

use super::task::{Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{Check, Field};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Two stimuli; one predicts reward (+1), the other punishment (−1). On each
/// trial one of them, drawn at random, is shown and the learner predicts its
/// outcome (action 0 "reward", action 1 "punishment"); the outcome follows
/// the stimulus whatever the prediction. After a run of correct predictions
/// (its length drawn from [`criterion_min`, `criterion_max`] for each block)
/// the contingency reverses, and the reversal is signalled on the next
/// trial either by an unexpected reward (the stimulus that used to punish is
/// shown and now rewards) or by an unexpected punishment (the stimulus that
/// used to reward is shown and now punishes). The score is the accuracy on
/// the `window` trials after reward-signalled reversals minus that after
/// punishment-signalled ones.
///
/// [`criterion_min`]: RewardPunishmentSpec::criterion_min
/// [`criterion_max`]: RewardPunishmentSpec::criterion_max
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RewardPunishmentSpec {
    /// Fewest consecutive correct predictions before a reversal.
    pub criterion_min: u32,
    /// Most consecutive correct predictions before a reversal.
    pub criterion_max: u32,
    /// Which outcome signals each reversal: `alternate`, `random`, `reward` or `punishment`.
    pub signal: String,
    /// Stimulus features: `opponent` (one feature, +1 or −1) or `separate` (one feature each).
    pub coding: String,
    /// Trials after the reversal trial that are scored.
    pub window: u32,
    /// Trials per run.
    pub trials: u32,
}

impl Default for RewardPunishmentSpec {
    fn default() -> Self {
        RewardPunishmentSpec {
            criterion_min: 5,
            criterion_max: 9,
            signal: "alternate".into(),
            coding: "opponent".into(),
            window: 1,
            trials: 480,
        }
    }
}

impl RewardPunishmentSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::integer(
            "criterion_min",
            "Fewest correct before reversal",
            "Each block reverses after a run of correct predictions whose length is drawn from [criterion_min, criterion_max].",
            1.0,
            1000.0,
        ),
        Field::integer(
            "criterion_max",
            "Most correct before reversal",
            "Each block reverses after a run of correct predictions whose length is drawn from [criterion_min, criterion_max].",
            1.0,
            1000.0,
        ),
        Field::choice(
            "signal",
            "Reversal signal",
            "Which unexpected outcome signals a reversal: alternate reward and punishment, random, always reward or always punishment.",
            &["alternate", "random", "reward", "punishment"],
        ),
        Field::choice(
            "coding",
            "Stimulus coding",
            "opponent: one feature, +1 for stimulus A and −1 for B (the two predict opposite outcomes); separate: one feature per stimulus.",
            &["opponent", "separate"],
        ),
        Field::integer(
            "window",
            "Scored trials",
            "Trials after each reversal trial whose accuracy is scored (Cools 2009: the trial after).",
            1.0,
            1000.0,
        ),
        Field::trials(),
    ];

    /// Cross-field rules: the criterion range must not be empty.
    pub fn validate(&self, c: &mut Check) {
        if self.criterion_max < self.criterion_min {
            c.fail(
                "criterion_max",
                format!(
                    "must be at least criterion_min ({}), got {}",
                    self.criterion_min, self.criterion_max
                ),
            );
        }
    }
}

crate::metric_slots! {
    /// Per-trial metrics of [`RewardPunishment`]: `stimulus` (0 A, 1 B),
    /// `outcome` (+1 reward, −1 punishment), `reversal` (+1 on a reversal trial
    /// signalled by an unexpected reward, −1 by an unexpected punishment, else
    /// 0), `after_reward` / `after_punishment` (1 on the `window` trials after
    /// such a reversal trial), `reversals` (so far). Score =
    /// Σ correct·after_reward / Σ after_reward − Σ correct·after_punishment / Σ after_punishment.
    pub enum Slot in METRICS {
        Stimulus => Metric::new("stimulus", "stimulus shown", "index", Group::Task),
        Outcome => Metric::new("outcome", "outcome", "", Group::Task),
        Reversal => Metric::new("reversal", "reversal signal", "", Group::Task),
        AfterReward => Metric::new(
        "after_reward",
        "after a reward-signalled reversal",
        "",
        Group::Task,
    )
    .within(0.0, 1.0),
        AfterPunishment => Metric::new(
        "after_punishment",
        "after a punishment-signalled reversal",
        "",
        Group::Task,
    )
    .within(0.0, 1.0),
        Reversals => Metric::new("reversals", "reversals so far", "count", Group::Task),
    }
}

/// The running task.
#[derive(Clone, Debug)]
pub struct RewardPunishment {
    spec: RewardPunishmentSpec,
    separate: bool,
    /// The stimulus that predicts reward now.
    rewarded: usize,
    stimulus: usize,
    started: bool,
    run_correct: u32,
    target: u32,
    reverse_next: bool,
    reversal: f64,
    /// Trials left to score after the last reversal, and its signal.
    scoring: u32,
    scored_reward: bool,
    reversals: u32,
    features: [f64; 2],
    metrics: [f64; 6],
}

impl RewardPunishment {
    /// A task; stimulus A predicts reward first.
    pub fn new(spec: &RewardPunishmentSpec) -> Self {
        let separate = spec.coding == "separate";
        RewardPunishment {
            spec: spec.clone(),
            separate,
            rewarded: 0,
            stimulus: 0,
            started: false,
            run_correct: 0,
            target: spec.criterion_min,
            reverse_next: false,
            reversal: 0.0,
            scoring: 0,
            scored_reward: false,
            reversals: 0,
            features: [0.0; 2],
            metrics: [0.0; 6],
        }
    }

    fn draw_target(&mut self, rng: &mut Rng) {
        let (lo, hi) = (
            self.spec.criterion_min,
            self.spec.criterion_max.max(self.spec.criterion_min),
        );
        self.target = lo + rng.below((hi - lo) as usize + 1) as u32;
    }

    fn outcome(&self) -> f64 {
        if self.stimulus == self.rewarded {
            1.0
        } else {
            -1.0
        }
    }
}

impl Task for RewardPunishment {
    fn n_features(&self) -> usize {
        if self.separate {
            2
        } else {
            1
        }
    }
    fn n_actions(&self) -> usize {
        2
    }
    fn start_trial(&mut self, rng: &mut Rng) {
        if !self.started {
            self.started = true;
            self.draw_target(rng);
        }
        let after = if self.scoring > 0 {
            self.scoring -= 1;
            Some(self.scored_reward)
        } else {
            None
        };
        self.reversal = 0.0;
        if self.reverse_next {
            self.reverse_next = false;
            self.rewarded = 1 - self.rewarded;
            // `alternate` runs reward, punishment, punishment, reward …: each
            // signal falls equally often on both stimuli (the contingency
            // itself alternates).
            let by_reward = match self.spec.signal.as_str() {
                "random" => rng.bernoulli(0.5),
                "reward" => true,
                "punishment" => false,
                _ => matches!(self.reversals % 4, 0 | 3),
            };
            // An unexpected reward: show the stimulus that now rewards (it
            // used to punish); an unexpected punishment: the one that now punishes.
            self.stimulus = if by_reward {
                self.rewarded
            } else {
                1 - self.rewarded
            };
            self.reversal = if by_reward { 1.0 } else { -1.0 };
            self.reversals += 1;
            self.scoring = self.spec.window;
            self.scored_reward = by_reward;
            self.run_correct = 0;
            self.draw_target(rng);
        } else {
            self.stimulus = rng.below(2);
        }
        if self.separate {
            self.features = [0.0; 2];
            self.features[self.stimulus] = 1.0;
        } else {
            self.features[0] = if self.stimulus == 0 { 1.0 } else { -1.0 };
        }
        let flag = |b: bool| f64::from(u8::from(b));
        let outcome = self.outcome();
        let m = &mut self.metrics[..];
        m[Slot::Stimulus] = self.stimulus as f64;
        m[Slot::Outcome] = outcome;
        m[Slot::Reversal] = self.reversal;
        m[Slot::AfterReward] = flag(after == Some(true));
        m[Slot::AfterPunishment] = flag(after == Some(false));
        m[Slot::Reversals] = self.reversals as f64;
    }
    fn features(&self) -> &[f64] {
        &self.features[..self.n_features()]
    }
    fn best_action(&self) -> Option<usize> {
        Some(usize::from(self.stimulus != self.rewarded))
    }
    /// The outcome belongs to the stimulus, not to the prediction: it
    /// teaches the value of "predict reward" (the stimulus value V(s)),
    /// against which "predict punishment" keeps its initial value (0 with
    /// `initial_value: 0`), so P(predict reward) = σ(β·V(s)).
    fn taught_action(&self, _chosen: usize) -> usize {
        0
    }
    fn act(&mut self, action: usize, _rng: &mut Rng) -> Step {
        let correct = Some(action) == self.best_action();
        // The reversal trial's own prediction cannot know the new contingency.
        if self.reversal == 0.0 {
            self.run_correct = if correct { self.run_correct + 1 } else { 0 };
            if self.run_correct >= self.target {
                self.reverse_next = true;
            }
        }
        Step {
            reward: self.outcome(),
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

impl TaskKind for RewardPunishmentSpec {
    const LABEL: &'static str = "Reward vs punishment reversal";
    const ABOUT: &'static str = "Predict whether a stimulus brings reward or punishment; reversals are signalled by an unexpected reward or an unexpected punishment (Cools 2009).";
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

impl TrialTask for RewardPunishmentSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(RewardPunishment::new(self))
    }
}
