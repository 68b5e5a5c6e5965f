//! Two or more tasks alternating in blocks over shared synapses, to show
//! interference (catastrophic forgetting, docs/science/criteria.md §7.4 CF).

use super::task::{Step, Task, TaskKind, TrialTask};
use crate::metric::{Group, Metric};
use crate::params::{limits::MAX_TRIALS, Check, Field};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Most stimuli, tasks or actions.
pub const MAX_ITEMS: usize = 16;

/// Each trial shows one of `stimuli` stimuli; the learner picks one of
/// `actions` actions and is paid 1 (with probability `p_reward`) when it is
/// the current task's answer: task k maps stimulus s to action
/// (s + k) mod actions, so tasks conflict on every stimulus. Tasks alternate
/// in blocks of `block_trials`, unsignalled. Features: `shared` — the
/// stimulus alone (all tasks use the same synapses, so each block overwrites
/// the last); `shared_with_cue` — the stimulus plus a task cue; `separate` —
/// one feature per (task, stimulus) pair (no shared synapses: no
/// interference, no transfer). Defaults: 2 tasks, 4 stimuli, 2 actions,
/// blocks of 50, 800 trials, shared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SwitchingSpec {
    /// Number of tasks alternating.
    pub tasks: u32,
    /// Number of stimuli.
    pub stimuli: u32,
    /// Number of actions.
    pub actions: u32,
    /// Trials per block.
    pub block_trials: u32,
    /// Probability that a correct answer pays 1.
    pub p_reward: f64,
    /// `shared`, `shared_with_cue` or `separate`.
    pub features: String,
    /// Trials per run.
    pub trials: u32,
}

impl Default for SwitchingSpec {
    fn default() -> Self {
        SwitchingSpec {
            tasks: 2,
            stimuli: 4,
            actions: 2,
            block_trials: 50,
            p_reward: 1.0,
            features: "shared".into(),
            trials: 800,
        }
    }
}

impl SwitchingSpec {
    /// The parameters as the page shows them and validation checks them.
    pub const FIELDS: &'static [Field] = &[
        Field::integer(
            "tasks",
            "Tasks",
            "Number of tasks alternating in blocks.",
            2.0,
            MAX_ITEMS as f64,
        ),
        Field::integer(
            "stimuli",
            "Stimuli",
            "Number of stimuli shown (one per trial).",
            1.0,
            MAX_ITEMS as f64,
        ),
        Field::integer(
            "actions",
            "Actions",
            "Number of actions; task k answers stimulus s with (s + k) mod actions.",
            2.0,
            MAX_ITEMS as f64,
        ),
        Field::integer(
            "block_trials",
            "Block length",
            "Trials before the next task takes over.",
            1.0,
            MAX_TRIALS as f64,
        ),
        Field::number(
            "p_reward",
            "P(reward | correct)",
            "Probability that a correct answer pays 1.",
            0.0,
            1.0,
        ),
        Field::choice(
            "features",
            "Features",
            "shared: stimulus only; shared_with_cue: stimulus and a task cue; separate: one feature per task and stimulus.",
            &["shared", "shared_with_cue", "separate"],
        ),
        Field::trials(),
    ];

    /// No cross-field rules.
    pub fn validate(&self, _c: &mut Check) {}
}

/// The running task.
#[derive(Clone, Debug)]
pub struct Switching {
    spec: SwitchingSpec,
    trial: u32,
    task: usize,
    stimulus: usize,
    switched: bool,
    features: Vec<f64>,
}

crate::metric_slots! {
    /// The rows of [`METRICS`], by name.
    pub enum Slot in METRICS {
        Task => Metric::new("task", "task in force", "index", Group::Task),
        Switch => Metric::new("switch", "P(switch)", "", Group::Behaviour).within(0.0, 1.0),
        BlockTrial => Metric::new("block_trial", "trial in block", "trials", Group::Task),
    }
}

impl Switching {
    /// Task 0 first.
    pub fn new(spec: &SwitchingSpec) -> Self {
        let (k, s) = (spec.tasks as usize, spec.stimuli as usize);
        let n = match spec.features.as_str() {
            "separate" => k * s,
            "shared_with_cue" => s + k,
            _ => s,
        };
        Switching {
            spec: spec.clone(),
            trial: 0,
            task: 0,
            stimulus: 0,
            switched: false,
            features: vec![0.0; n.max(1)],
        }
    }

    fn answer(&self) -> usize {
        (self.stimulus + self.task) % self.spec.actions.max(1) as usize
    }
}

impl Task for Switching {
    fn n_features(&self) -> usize {
        self.features.len()
    }
    fn n_actions(&self) -> usize {
        self.spec.actions as usize
    }
    fn start_trial(&mut self, rng: &mut Rng) {
        let block = self.trial / self.spec.block_trials.max(1);
        let task = block as usize % self.spec.tasks.max(1) as usize;
        self.switched = self.trial > 0 && task != self.task;
        self.task = task;
        self.trial += 1;
        let s = self.spec.stimuli as usize;
        self.stimulus = rng.below(s.max(1));
        self.features.fill(0.0);
        let idx = match self.spec.features.as_str() {
            "separate" => self.task * s + self.stimulus,
            _ => self.stimulus,
        };
        self.features[idx] = 1.0;
        if self.spec.features == "shared_with_cue" {
            self.features[s + self.task] = 1.0;
        }
    }
    fn features(&self) -> &[f64] {
        &self.features
    }
    fn best_action(&self) -> Option<usize> {
        Some(self.answer())
    }
    fn act(&mut self, action: usize, rng: &mut Rng) -> Step {
        let win = action == self.answer() && rng.bernoulli(self.spec.p_reward);
        Step {
            reward: f64::from(u8::from(win)),
            end_of_trial: true,
        }
    }
    fn metrics(&self) -> &'static [Metric] {
        METRICS
    }
    fn trial_metrics(&self, out: &mut [f64]) {
        let block_trial = (self.trial - 1) % self.spec.block_trials.max(1) + 1;
        out[Slot::Task] = self.task as f64;
        out[Slot::Switch] = f64::from(u8::from(self.switched));
        out[Slot::BlockTrial] = block_trial as f64;
    }
}

impl TaskKind for SwitchingSpec {
    const LABEL: &'static str = "Task switching";
    const ABOUT: &'static str = "Conflicting tasks alternate in blocks over shared synapses.";
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

impl TrialTask for SwitchingSpec {
    fn build(&self) -> Box<dyn Task> {
        Box::new(Switching::new(self))
    }
}
